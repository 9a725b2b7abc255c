package emulator

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestAWSCLI has an independent client, the AWS CLI (botocore), talk to the
// emulator. The CLI puts the account id in front of the endpoint's host name
// and offers no way out, so it reaches the emulator as its HTTP proxy: the
// emulator answers any Host (README, "Emulator"). Not required in CI: it
// skips when aws is not installed.
var tokenARNRe = regexp.MustCompile(`^arn:aws:s3:us-west-2:111122223333:async-request/mrap/put/[0-9a-f]{32}$`)

func TestAWSCLI(t *testing.T) {
	aws, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("aws (AWS CLI) not on PATH: independent-client test skipped")
	}
	s := newSeeded(t, Options{})
	hs := httptest.NewServer(s)
	defer hs.Close()
	alias := aliasFor(tAccount, "demo")
	doc := stmt(`"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3::111122223333:accesspoint/` + alias + `/object/*"`)

	home := t.TempDir()
	run := func(args ...string) map[string]any {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		args = append(args, "--account-id", tAccount, "--region", "us-west-2",
			"--endpoint-url", "http://s3-control.emulator.invalid", "--output", "json")
		cmd := exec.CommandContext(ctx, aws, append([]string{"s3control"}, args...)...)
		cmd.Env = []string{
			"PATH=" + os.Getenv("PATH"), "HOME=" + home,
			"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret",
			"AWS_CONFIG_FILE=" + home + "/config", "AWS_SHARED_CREDENTIALS_FILE=" + home + "/credentials",
			"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=",
			"HTTP_PROXY=" + hs.URL, "http_proxy=" + hs.URL, "NO_PROXY=", "no_proxy=",
		}
		out, err := cmd.Output()
		if err != nil {
			stderr := ""
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("aws %v: %v\n%s", args, err, stderr)
		}
		var v map[string]any
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("aws %v: output %q: %v", args, out, err)
		}
		return v
	}

	details, _ := json.Marshal(map[string]string{"Name": "demo", "Policy": doc})
	put := run("put-multi-region-access-point-policy", "--details", string(details))
	arn, _ := put["RequestTokenARN"].(string)
	if !tokenARNRe.MatchString(arn) {
		t.Fatalf("put answered %v", put)
	}
	got := run("get-multi-region-access-point-policy", "--name", "demo")
	want := map[string]any{"Policy": map[string]any{
		"Established": map[string]any{"Policy": doc},
		"Proposed":    map[string]any{"Policy": doc},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("get-multi-region-access-point-policy (-want +got):\n%s", diff)
	}
	op := run("describe-multi-region-access-point-operation", "--request-token-arn", arn)
	status, _ := op["AsyncOperation"].(map[string]any)["RequestStatus"].(string)
	if status != StatusSucceeded {
		t.Errorf("describe: %v", op)
	}
}
