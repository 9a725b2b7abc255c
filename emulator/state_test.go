package emulator

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestStateSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	clk := &clock{now: time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)}
	opts := Options{StatePath: path, Propagation: 10 * time.Second, Now: clk.Now}
	s1 := newSeeded(t, opts)
	alias := aliasFor(tAccount, "demo")
	doc := stmt(`"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3::111122223333:accesspoint/` + alias + `/object/*"`)
	const put = "/v20180820/async-requests/mrap/put-policy"
	r, body := serve(t, s1, req{method: "POST", path: put, body: putBody("tok-1", "demo", doc)})
	if r.Status != 200 {
		t.Fatalf("put: %+v %s", r, body)
	}
	var first putPolicyResult
	xml.Unmarshal([]byte(body), &first)

	// Restart while the operation is in flight, then let it settle.
	clk.Add(11 * time.Second)
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	_, body = serve(t, s2, req{path: "/v20180820/mrap/instances/demo/policy"})
	var p getPolicyResult
	if err := xml.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(policyDocumentXML{Established: &policyXML{doc}, Proposed: &policyXML{doc}}, p.Policy); diff != "" {
		t.Errorf("policy after restart (-want +got):\n%s", diff)
	}
	// The token is remembered across the restart.
	_, body = serve(t, s2, req{method: "POST", path: put, body: putBody("tok-1", "demo", doc)})
	var replay putPolicyResult
	xml.Unmarshal([]byte(body), &replay)
	if replay.RequestTokenARN != first.RequestTokenARN {
		t.Errorf("replayed token ARN %q, want %q", replay.RequestTokenARN, first.RequestTokenARN)
	}
	if diff := cmp.Diff([]OperationInfo{{TokenARN: first.RequestTokenARN, Kind: OpPutPolicy, Name: "demo", Status: StatusSucceeded}}, s2.Operations(tAccount)); diff != "" {
		t.Errorf("operations (-want +got):\n%s", diff)
	}
	// Seeding again leaves the MRAP (and its policy) alone.
	if a, err := s2.Seed(tAccount, "demo", false); err != nil || a != alias {
		t.Errorf("reseed = %q, %v", a, err)
	}
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"state.json"}, names); diff != "" {
		t.Errorf("files in the state directory (-want +got):\n%s", diff)
	}
}

func TestStateFileErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"not json", "{", "unexpected end of JSON input"},
		{"other version", `{"version":2,"accounts":{}}`, "version 2, want 1"},
		{"null account", `{"version":1,"accounts":{"111122223333":null}}`, "is null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := New(Options{StatePath: path})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	t.Run("unwritable", func(t *testing.T) {
		_, err := New(Options{StatePath: filepath.Join(dir, "missing", "state.json")})
		if err == nil || !strings.Contains(err.Error(), "lock state file") {
			t.Errorf("New error = %v, want a lock error", err)
		}
	})
}

// TestStateFileIsLocked is issue 10 item 14: a second emulator on the same
// state file is refused (two would overwrite each other's changes and
// forget each other's idempotency tokens), and the file is free again once
// the first one stops.
func TestStateFileIsLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s1, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{StatePath: path}); err == nil || !strings.Contains(err.Error(), "is in use by another emulator") {
		t.Errorf("second emulator on the state file: %v", err)
	}
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatalf("after the first one stopped: %v", err)
	}
	s2.Close()
}

// TestStateSaveKeepsModeAndLeavesNothing: a save keeps the file's mode, and
// the temp files a kill -9 mid-write leaves are removed at the next start.
func TestStateSaveKeepsModeAndLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"accounts":{}}`), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	// What a crash mid-save leaves: this version's temp file and an older
	// version's randomly named one.
	for _, name := range []string{".state.json.tmp", ".state.json.123456.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, 1<<20), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Seed(tAccount, "demo", true); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode after a save: %v, want 0640", fi.Mode().Perm())
	}
	s.Close()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"state.json"}, names); diff != "" {
		t.Errorf("files in the state directory (-want +got):\n%s", diff)
	}
}
