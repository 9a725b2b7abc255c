package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"
)

// Script commands for the scripts TestDocs makes from the documents.
var docCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"doc-terminal":    cmdDocTerminal,
	"doc-interrupt":   cmdDocInterrupt,
	"doc-server":      cmdDocServer,
	"doc-capture-arn": cmdDocCaptureARN,
	"doc-output":      cmdDocOutput,
}

// docWait bounds every wait of these commands: a hang fails the script.
const docWait = 2 * time.Minute

// docEnv is the script's environment for the processes these commands
// start themselves (testscript offers it only to its own exec): the
// variables scripts and documents set.
func docEnv(ts *testscript.TestScript) []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "WORK", "GOCOVERDIR", "NO_COLOR", "DOCPORT", "TOKEN_ARN",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE",
		"AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_ENDPOINT_URL_S3_CONTROL", "AWS_MAX_ATTEMPTS",
		"HTTP_PROXY", "NO_PROXY", "http_proxy", "no_proxy"} {
		if v := ts.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// watchedOutput collects a process's output and tells when it first
// matches a pattern.
type watchedOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
	re  *regexp.Regexp
	hit chan struct{}
}

func newWatchedOutput(pattern string) (*watchedOutput, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	return &watchedOutput{re: re, hit: make(chan struct{})}, nil
}

func (w *watchedOutput) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if w.re != nil && w.re.Match(w.buf.Bytes()) {
		w.re = nil
		close(w.hit)
	}
	return len(p), nil
}

func (w *watchedOutput) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// startDoc starts "sh FILE" in the script's directory and environment.
func startDoc(ts *testscript.TestScript, file string, stdio func(*exec.Cmd)) *exec.Cmd {
	cmd := exec.Command("sh", ts.MkAbs(file))
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = docEnv(ts)
	stdio(cmd)
	ts.Check(cmd.Start())
	return cmd
}

// awaitOutput waits for the output to match, or fails the script.
func awaitOutput(ts *testscript.TestScript, w *watchedOutput, pattern string, exited <-chan error) {
	select {
	case <-w.hit:
	case err := <-exited:
		ts.Fatalf("exited (%v) before its output matched %q:\n%s", err, pattern, w.String())
	case <-time.After(docWait):
		ts.Fatalf("output did not match %q within %s:\n%s", pattern, docWait, w.String())
	}
}

// exitCode waits for the process and returns its exit code.
func exitCode(ts *testscript.TestScript, cmd *exec.Cmd, exited <-chan error) int {
	select {
	case err := <-exited:
		if err != nil && cmd.ProcessState == nil {
			ts.Fatalf("wait: %v", err)
		}
		return cmd.ProcessState.ExitCode()
	case <-time.After(docWait):
		cmd.Process.Kill()
		ts.Fatalf("did not exit within %s", docWait)
	}
	return -1
}

func checkCode(ts *testscript.TestScript, want string, got int) {
	if strconv.Itoa(got) != want {
		ts.Fatalf("exited %d, want %s", got, want)
	}
}

// cmdDocTerminal runs FILE on a terminal (a pseudo-terminal: stdin, stdout
// and stderr), types INPUT and a newline once the output matches PATTERN,
// and checks the exit code: doc-terminal CODE PATTERN INPUT FILE. What the
// terminal showed becomes stdout.
func cmdDocTerminal(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: doc-terminal CODE PATTERN INPUT FILE")
	}
	master, slave, err := openPTY()
	ts.Check(err)
	defer master.Close()
	w, err := newWatchedOutput(args[1])
	ts.Check(err)
	cmd := startDoc(ts, args[3], func(c *exec.Cmd) { c.Stdin, c.Stdout, c.Stderr = slave, slave, slave })
	slave.Close()
	copied := make(chan struct{})
	go func() {
		io.Copy(w, master) // ends with EIO when the last user of the terminal is gone
		close(copied)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	awaitOutput(ts, w, args[1], exited)
	_, err = io.WriteString(master, args[2]+"\n")
	ts.Check(err)
	code := exitCode(ts, cmd, exited)
	select {
	case <-copied:
	case <-time.After(docWait):
		ts.Fatalf("terminal output did not end")
	}
	fmt.Fprint(ts.Stdout(), w.String())
	checkCode(ts, args[0], code)
}

// cmdDocInterrupt runs FILE, sends it SIGINT (Ctrl-C) once its output
// matches PATTERN and checks the exit code: doc-interrupt CODE PATTERN
// FILE. Its output becomes stdout.
func cmdDocInterrupt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: doc-interrupt CODE PATTERN FILE")
	}
	w, err := newWatchedOutput(args[1])
	ts.Check(err)
	cmd := startDoc(ts, args[2], func(c *exec.Cmd) { c.Stdout = w })
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	awaitOutput(ts, w, args[1], exited)
	ts.Check(cmd.Process.Signal(syscall.SIGINT))
	code := exitCode(ts, cmd, exited)
	fmt.Fprint(ts.Stdout(), w.String())
	checkCode(ts, args[0], code)
}

// cmdDocServer starts FILE (a server: mrapguard emulator) in the
// background, waits until it says it is listening, and stops it with
// SIGINT when the script ends: doc-server FILE. Its output so far becomes
// stdout.
func cmdDocServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: doc-server FILE")
	}
	const listening = "listening on http://"
	w, err := newWatchedOutput(regexp.QuoteMeta(listening) + `\S+\n`)
	ts.Check(err)
	cmd := startDoc(ts, args[0], func(c *exec.Cmd) { c.Stdout = w })
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	ts.Defer(func() {
		cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(docWait):
			cmd.Process.Kill()
		}
	})
	awaitOutput(ts, w, listening, exited)
	fmt.Fprint(ts.Stdout(), w.String())
}

var docARNRe = regexp.MustCompile(`arn:aws:s3:us-west-2:[0-9]{12}:async-request/mrap/put/[0-9a-f]{32}`)

// cmdDocCaptureARN sets $TOKEN_ARN to the last token ARN on stdout, if
// there is one: doc-capture-arn.
func cmdDocCaptureARN(ts *testscript.TestScript, neg bool, args []string) {
	if all := docARNRe.FindAllString(ts.ReadFile("stdout"), -1); len(all) > 0 {
		ts.Setenv("TOKEN_ARN", all[len(all)-1])
	}
}

// cmdDocOutput compares stdout with the output a document shows:
// doc-output text|json WHERE FILE.
func cmdDocOutput(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: doc-output text|json WHERE FILE")
	}
	got, want := ts.ReadFile("stdout"), ts.ReadFile(args[2])
	port := ts.Getenv("DOCPORT")
	if args[0] == "json" {
		if err := docJSONMatches(want, got); err != nil {
			ts.Fatalf("%s: the output is not what the document shows: %v\nactual output:\n%s", args[1], err, got)
		}
		return
	}
	if err := docOutputMatches(want, got, port); err != nil {
		ts.Fatalf("%s: the output is not what the document shows: %v\nactual output, as compared:\n%s", args[1], err, strings.Join(docLines(got, port), "\n"))
	}
}

var (
	// What differs from run to run, and what stands in for it.
	docVarying = []struct {
		re   *regexp.Regexp
		with string
	}{
		{regexp.MustCompile(`(async-request/mrap/put/)[0-9a-f]{32}`), "${1}HEX"},
		{regexp.MustCompile(`\b[0-9]+(\.[0-9]+)?(ms|s|m|h)([0-9]+(\.[0-9]+)?(ms|s|m|h))*\b`), "DURATION"},
	}
	// A progress line: its status changes from poll to poll.
	docProgressRe = regexp.MustCompile(`^(mrapguard: )?(\S+: )?waiting[: ]`)
	docStatusRe   = regexp.MustCompile(`\b(IN_PROGRESS|SUCCEEDED|FAILED)\b`)
	docANSIRe     = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")
)

// docLines are output lines as compared: a terminal's redrawn line
// ("\r" + erase) counts as one line per drawing, ARNs and durations are
// normalised, a progress line's statuses are too, and a line repeated at
// once counts once (a progress line redrawn).
func docLines(s, port string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\n\r\x1b[K", "\n") // the first drawing starts a line
	s = strings.ReplaceAll(s, "\r\x1b[K", "\n")
	if port != "" {
		s = strings.ReplaceAll(s, "127.0.0.1:"+port, "127.0.0.1:9000")
	}
	var out []string
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		l = strings.TrimRight(docANSIRe.ReplaceAllString(l, ""), " \t")
		for _, v := range docVarying {
			l = v.re.ReplaceAllString(l, v.with)
		}
		if docProgressRe.MatchString(l) {
			l = docStatusRe.ReplaceAllString(l, "STATUS")
		}
		if l == "^C" || len(out) > 0 && out[len(out)-1] == l {
			continue
		}
		out = append(out, l)
	}
	return out
}

// docOutputMatches checks an output against what the document shows,
// line by line (docLines), where a document line "..." (or "... " and
// more) stands for any number of lines, and output progress lines that the
// document does not show may be left out (it shows one drawing of them).
func docOutputMatches(want, got, port string) error {
	w, g := docLines(want, ""), docLines(got, port)
	if docLinesMatch(w, g) {
		return nil
	}
	// Say where it went wrong: the first document line that no output
	// matches, all that follow it aside.
	for k := 1; k <= len(w); k++ {
		if !docLinesMatch(append(w[:k:k], "..."), g) {
			return fmt.Errorf("document line %d of %d does not follow: %q", k, len(w), w[k-1])
		}
	}
	return fmt.Errorf("the output goes on after the document's last line")
}

func docLinesMatch(w, g []string) bool {
	var match func(i, j int) bool
	memo := map[[2]int]bool{}
	match = func(i, j int) bool {
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var ok bool
		switch {
		case i == len(w):
			ok = j == len(g)
			for ; !ok && j < len(g) && docProgressRe.MatchString(g[j]); j++ {
				ok = j+1 == len(g)
			}
		case w[i] == "..." || strings.HasPrefix(w[i], "... "):
			for n := j; n <= len(g) && !ok; n++ {
				ok = match(i+1, n)
			}
		case j < len(g) && w[i] == g[j] && match(i+1, j+1):
			ok = true
		case j < len(g) && docProgressRe.MatchString(g[j]):
			ok = match(i, j+1)
		}
		memo[k] = ok
		return ok
	}
	return match(0, 0)
}

// docJSONMatches compares JSON output with a document's JSON example as
// values: a string with "…" in the document matches any string that starts
// and ends as it does around the "…", and the example may leave members
// out. Arrays must have the same length.
func docJSONMatches(want, got string) error {
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		return fmt.Errorf("the document's JSON: %v", err)
	}
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		return fmt.Errorf("the output's JSON: %v", err)
	}
	var walk func(path string, w, g any) error
	walk = func(path string, w, g any) error {
		switch w := w.(type) {
		case map[string]any:
			gm, ok := g.(map[string]any)
			if !ok {
				return fmt.Errorf("%s: want an object, got %v", path, g)
			}
			for k, v := range w {
				if err := walk(path+"/"+k, v, gm[k]); err != nil {
					return err
				}
			}
			return nil
		case []any:
			ga, ok := g.([]any)
			if !ok || len(ga) != len(w) {
				return fmt.Errorf("%s: want an array of %d, got %v", path, len(w), g)
			}
			for i := range w {
				if err := walk(fmt.Sprintf("%s/%d", path, i), w[i], ga[i]); err != nil {
					return err
				}
			}
			return nil
		case string:
			gs, ok := g.(string)
			if before, after, elided := strings.Cut(w, "…"); ok && elided && strings.HasPrefix(gs, before) && strings.HasSuffix(gs, after) {
				return nil
			}
			if !ok || gs != w {
				return fmt.Errorf("%s: want %q, got %v", path, w, g)
			}
			return nil
		}
		if !cmp.Equal(w, g) {
			return fmt.Errorf("%s: want %v, got %v", path, w, g)
		}
		return nil
	}
	return walk("", w, g)
}
