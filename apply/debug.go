package apply

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// debugLog writes --debug lines. It never receives headers or bodies, only
// what its callers pick, so credentials, signatures and security tokens
// cannot reach it.
type debugLog struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

func newDebugLog(w io.Writer, now func() time.Time) *debugLog {
	if w == nil {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	return &debugLog{w: w, now: now}
}

func (d *debugLog) printf(format string, args ...any) {
	if d == nil {
		return
	}
	line := safe(fmt.Sprintf(format, args...))
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "debug: %s\n", line)
}

// debugDoer logs one line per HTTP attempt, retries included: method, path
// (never the query, which could hold a presigned signature), status, AWS
// request id and duration.
type debugDoer struct {
	next aws.HTTPClient
	log  *debugLog
}

func (d *debugDoer) Do(req *http.Request) (*http.Response, error) {
	start := d.log.now()
	resp, err := d.next.Do(req)
	dur := d.log.now().Sub(start).Round(time.Millisecond)
	if err != nil {
		d.log.printf("%s %s -> error after %s: %v", req.Method, req.URL.EscapedPath(), dur, err)
		return resp, err
	}
	id := resp.Header.Get("X-Amz-Request-Id")
	if id == "" {
		id = "-"
	}
	d.log.printf("%s %s -> %d in %s, request id %s", req.Method, req.URL.EscapedPath(), resp.StatusCode, dur, id)
	return resp, nil
}

// tokenHint shows enough of an idempotency token to correlate log lines
// without disclosing it.
func tokenHint(t string) string {
	if len(t) <= 8 {
		return fmt.Sprintf("(%d chars)", len(t))
	}
	return fmt.Sprintf("%s… (%d chars)", t[:8], len(t))
}
