package emulator

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

func (s *Server) logCall(c *call) {
	if s.opts.Observe != nil && c.op != "" && c.op != opMethodNotAllowed {
		s.opts.Observe(Request{Op: c.op, Account: c.account, Arg: c.arg, Status: c.status})
	}
	if s.opts.Log == nil {
		return
	}
	op := c.op
	if op == "" || op == opMethodNotAllowed {
		op = "-"
	}
	account := c.account
	if account == "" {
		// Refused before the header was checked: show what was sent.
		account = c.r.Header.Get("X-Amz-Account-Id")
	}
	line := fmt.Sprintf("%s %s %d %s account=%s request-id=%s", c.r.Method, c.r.URL.EscapedPath(), c.status, op, orDash(account), c.reqID)
	if c.note != "" {
		line += " (" + c.note + ")"
	}
	fmt.Fprintln(s.opts.Log, escapeControl(line))
}

// call is one request being answered.
type call struct {
	w       http.ResponseWriter
	r       *http.Request
	op, arg string
	account string
	reqID   string
	status  int
	note    string
	// now is the server's clock: the Date header follows it, as AWS's
	// Date follows AWS's clock, so clients can compare it with the
	// operations' creation times.
	now func() time.Time
}

func (c *call) header(status int) {
	h := c.w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("X-Amz-Request-Id", c.reqID)
	if c.now != nil {
		h.Set("Date", c.now().UTC().Format(http.TimeFormat))
	}
	h.Set("X-Amz-Id-2", base64.StdEncoding.EncodeToString([]byte(randomID(24))))
	c.status = status
	c.w.WriteHeader(status)
}

func (c *call) ok(v any) {
	b, err := encodeXML(v)
	if err != nil {
		c.internal(err)
		return
	}
	c.header(http.StatusOK)
	c.w.Write(b)
}

func (c *call) fail(status int, code, msg string) {
	b, err := encodeXML(errorResponseXML{Code: code, Message: msg, RequestID: c.reqID, HostID: base64.StdEncoding.EncodeToString([]byte(randomID(24)))})
	if err != nil {
		// Only reachable with invalid UTF-8 in msg, which we never produce.
		b = nil
	}
	c.header(status)
	c.w.Write(b)
}

func (c *call) internal(err error) {
	c.note = "error: " + err.Error()
	c.fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
}

func (c *call) body() ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.fail(http.StatusBadRequest, "MaxMessageLengthExceeded", "Your request was too big.")
		} else {
			c.fail(http.StatusBadRequest, "IncompleteBody", "The request body terminated unexpectedly")
		}
		return nil, false
	}
	return b, true
}

// clientToken checks the idempotency token as AWS documents it: required, at
// most 64 characters, no white space.
func (c *call) clientToken(t *string) (string, bool) {
	switch {
	case t == nil || *t == "":
		c.fail(http.StatusBadRequest, "InvalidRequest", "ClientToken is required")
	case len(*t) > 64:
		c.fail(http.StatusBadRequest, "InvalidRequest", "ClientToken must be at most 64 characters")
	case strings.ContainsAny(*t, " \t\r\n\v\f"):
		c.fail(http.StatusBadRequest, "InvalidRequest", "ClientToken must not contain white space")
	default:
		return *t, true
	}
	return "", false
}

// replay looks the token up. A known token with the same request returns its
// first operation's ARN (replay); with a different request it answers an
// error (replay with arn ""). An unknown token is no replay.
func (c *call) replay(acct *account, token, fp string) (arn string, replay bool) {
	rec, ok := acct.Tokens[token]
	if !ok {
		return "", false
	}
	if rec.Fingerprint != fp {
		c.fail(http.StatusBadRequest, "IdempotentParameterMismatch", "The ClientToken was already used for a different request")
		return "", true
	}
	c.note = "replayed token"
	return rec.TokenARN, true
}

// resetConnection drops the connection with a TCP reset, so the client sees
// "connection reset by peer" after the server acted on the request.
func (c *call) resetConnection() bool {
	hj, ok := c.w.(http.Hijacker)
	if !ok {
		return false
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return false
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
	c.note = "fault: connection reset after put"
	c.status = 0
	return true
}

func fingerprint(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// aliasFor derives an AWS-shaped alias ("m" and 12 lowercase letters or
// digits, then ".mrap") from the account and name, so tests are stable.
func aliasFor(account, name string) string {
	const digits = "abcdefghijklmnopqrstuvwxyz0123456789"
	sum := sha256.Sum256([]byte(account + "/" + name))
	b := []byte{'m'}
	for i := 0; i < 12; i++ {
		b = append(b, digits[int(sum[i])%len(digits)])
	}
	return string(b) + ".mrap"
}

func tokenARN(account, kind string) string {
	return "arn:aws:s3:" + Region + ":" + account + ":async-request/mrap/" + kind + "/" + strings.ToLower(randomID(16))
}

// randomID returns 2n upper-case hex digits.
func randomID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return strings.ToUpper(hex.EncodeToString(b))
}

var knownRegions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
	"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
	"ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1",
	"ap-southeast-2", "sa-east-1",
}

// bucketRegion guesses a bucket's region from a region name inside its name;
// the emulator has no buckets, so anything else is in us-east-1.
func bucketRegion(bucket string) string {
	for _, r := range knownRegions {
		if strings.Contains(bucket, r) {
			return r
		}
	}
	return "us-east-1"
}

func regionNames(rs []region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Region
	}
	return out
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

func deref(b *bool) bool { return b != nil && *b }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// escapeControl keeps log lines on one line whatever a client sent.
func escapeControl(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
