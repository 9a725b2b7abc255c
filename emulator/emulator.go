package emulator

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Region is the only region that serves the MRAP control plane.
const Region = "us-west-2"

// Operation names, as in DescribeMultiRegionAccessPointOperation and as used
// by Faults.Ops.
const (
	OpCreate          = "CreateMultiRegionAccessPoint"
	OpGet             = "GetMultiRegionAccessPoint"
	OpList            = "ListMultiRegionAccessPoints"
	OpGetPolicy       = "GetMultiRegionAccessPointPolicy"
	OpGetPolicyStatus = "GetMultiRegionAccessPointPolicyStatus"
	OpPutPolicy       = "PutMultiRegionAccessPointPolicy"
	OpDescribe        = "DescribeMultiRegionAccessPointOperation"
)

// Request status values of asynchronous operations.
const (
	StatusInProgress = "IN_PROGRESS"
	StatusSucceeded  = "SUCCEEDED"
	StatusFailed     = "FAILED"
)

// maxBody bounds request bodies; the largest legitimate one is a put with a
// policy of a few tens of kilobytes.
const maxBody = 1 << 20

// Regular expressions are compiled on first use: every command of the
// binary initializes this package, and compiling them is start-up time.
var (
	nameRe    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$`) })
	accountRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{12}$`) })
)

// Options configure a Server. The zero value is usable: operations complete
// at once, the clock is time.Now, nothing is persisted.
type Options struct {
	// Propagation is how long an asynchronous operation stays IN_PROGRESS
	// (and a put policy stays Proposed) before it settles.
	Propagation time.Duration
	// Now is the clock. Tests inject one to step through propagation.
	Now func() time.Time
	// StatePath, if set, is a JSON file loaded by New and rewritten
	// atomically after every change.
	StatePath string
	// Faults are the initial faults; change them later with SetFaults.
	Faults Faults
	// Log, if set, receives one line per request.
	Log io.Writer
	// Observe, if set, is called after each request to a known operation
	// is answered (tests use it to wait for a client to reach a step).
	Observe func(Request)
	// ReadTimeout bounds reading one request, body included, in the
	// server HTTPServer returns. 0 means DefaultReadTimeout.
	ReadTimeout time.Duration
}

// Limits of the server HTTPServer returns: a client that sends its headers
// or body slowly, or holds an idle connection, is cut off rather than kept
// forever.
const (
	DefaultReadTimeout = 30 * time.Second
	ReadHeaderTimeout  = 10 * time.Second
	IdleTimeout        = 2 * time.Minute
	MaxHeaderBytes     = 64 << 10
)

// HTTPServer returns an http.Server for s with the limits above.
func (s *Server) HTTPServer() *http.Server {
	rt := s.opts.ReadTimeout
	if rt <= 0 {
		rt = DefaultReadTimeout
	}
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: min(ReadHeaderTimeout, rt),
		ReadTimeout:       rt,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// Request is an answered request, as Options.Observe sees it.
type Request struct {
	Op      string // Op* constant
	Account string // "" if refused before the account was checked
	Arg     string // MRAP name or request token ARN from the path, if any
	Status  int    // HTTP status; 0 if the connection was reset
}

// Faults are injected failures. Counters count down as they fire.
type Faults struct {
	// Throttle answers the next Throttle matching requests with 503 SlowDown.
	Throttle int
	// InternalErrors answers the next matching requests with 500 InternalError.
	InternalErrors int
	// Latency delays every request before it is handled.
	Latency time.Duration
	// ResetAfterPut applies the next ResetAfterPut puts, then resets the
	// connection instead of answering: the client loses the response.
	ResetAfterPut int
	// FailPuts makes the next FailPuts accepted puts end FAILED.
	FailPuts int
	// Ops limits Throttle and InternalErrors to these operations (Op*
	// constants); empty means every operation.
	Ops []string
}

// Server is the emulated S3 Control MRAP API. It is an http.Handler.
type Server struct {
	opts Options

	mu     sync.Mutex
	st     *state
	faults Faults
	lock   *stateLock
}

// New returns a Server, loading Options.StatePath if it exists. The state
// file is locked until Close: a second Server on the same file is an error.
func New(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{opts: opts, st: newState(), faults: opts.Faults}
	if opts.StatePath != "" {
		lock, err := lockState(opts.StatePath)
		if err != nil {
			return nil, err
		}
		st, err := loadState(opts.StatePath)
		if err != nil {
			lock.release()
			return nil, err
		}
		removeStaleTemps(opts.StatePath)
		s.st, s.lock = st, lock
	}
	return s, nil
}

// Close releases the state file for another Server. The Server must not be
// used after.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.lock.release()
	s.lock = nil
	return err
}

// SetFaults replaces the injected faults.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.Ops = append([]string(nil), f.Ops...)
	s.faults = f
}

// Faults returns the faults still pending.
func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults
	f.Ops = append([]string(nil), f.Ops...)
	return f
}

// Seed creates a READY MRAP with one bucket in us-east-1 and one in
// eu-west-1, unless one by that name exists already (seeding is idempotent
// across restarts with a state file). It returns the MRAP's alias.
func (s *Server) Seed(account, name string, blockPublicPolicy bool) (string, error) {
	if !accountRe().MatchString(account) {
		return "", fmt.Errorf("seed %q: account id must be 12 digits", account)
	}
	if !nameRe().MatchString(name) {
		return "", fmt.Errorf("seed %q: invalid multi-region access point name", name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acct := s.st.account(account)
	if m, ok := acct.MRAPs[name]; ok {
		return m.Alias, nil
	}
	now := s.opts.Now()
	m := &mrap{
		Name:      name,
		Alias:     aliasFor(account, name),
		CreatedAt: now,
		ReadyAt:   now,
		PAB:       pab{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: blockPublicPolicy, RestrictPublicBuckets: true},
		Regions: []region{
			{Bucket: name + "-us-east-1", Region: "us-east-1"},
			{Bucket: name + "-eu-west-1", Region: "eu-west-1"},
		},
	}
	acct.MRAPs[name] = m
	if err := s.saveLocked(); err != nil {
		return "", err
	}
	return m.Alias, nil
}

// OperationInfo describes one asynchronous operation, for tests and logs.
type OperationInfo struct {
	TokenARN string
	Kind     string // OpCreate or OpPutPolicy
	Name     string
	Status   string
}

// Operations lists the account's asynchronous operations, oldest first.
func (s *Server) Operations(account string) []OperationInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	s.settleLocked(now)
	acct, ok := s.st.Accounts[account]
	if !ok {
		return nil
	}
	out := make([]OperationInfo, 0, len(acct.Ops))
	for _, op := range acct.Ops {
		out = append(out, OperationInfo{TokenARN: op.TokenARN, Kind: op.Kind, Name: op.Name, Status: op.status()})
	}
	return out
}

// ServeHTTP answers one S3 Control request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{w: w, r: r, reqID: randomID(8), now: s.opts.Now}
	c.op, c.arg = route(r.Method, r.URL.Path)
	defer s.logCall(c)

	if d := s.Faults().Latency; d > 0 {
		t := time.NewTimer(d)
		select {
		case <-r.Context().Done():
			t.Stop()
			c.note = "client gone"
			return
		case <-t.C:
		}
	}
	if s.injectError(c) {
		return
	}
	if c.op == "" {
		c.fail(http.StatusNotImplemented, "NotImplemented", "A header or operation you provided implies functionality that is not implemented.")
		return
	}
	if c.op == opMethodNotAllowed {
		c.fail(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
		return
	}
	if !s.checkAuth(c) {
		return
	}
	account := r.Header.Get("X-Amz-Account-Id")
	switch {
	case account == "":
		c.fail(http.StatusBadRequest, "InvalidRequest", "Missing required header for this request: x-amz-account-id")
		return
	case !accountRe().MatchString(account):
		c.fail(http.StatusBadRequest, "InvalidRequest", "Account id must be 12 digits")
		return
	}
	// A client that keeps the SDK's host prefix must name the same account
	// there as in the header.
	if host, _, _ := strings.Cut(hostOnly(r.Host), "."); accountRe().MatchString(host) && host != account {
		c.fail(http.StatusBadRequest, "InvalidRequest", "The account id in the host name does not match x-amz-account-id")
		return
	}
	c.account = account

	switch c.op {
	case OpCreate:
		s.create(c)
	case OpGet:
		s.get(c)
	case OpList:
		s.list(c)
	case OpGetPolicy:
		s.getPolicy(c)
	case OpGetPolicyStatus:
		s.getPolicyStatus(c)
	case OpPutPolicy:
		s.putPolicy(c)
	case OpDescribe:
		s.describe(c)
	}
}

const opMethodNotAllowed = "-"

// route maps a request to an operation and its path argument (MRAP name or
// request token ARN). An unknown path yields "".
func route(method, path string) (op, arg string) {
	const asyncPrefix = "/v20180820/async-requests/mrap/"
	const instPrefix = "/v20180820/mrap/instances"
	want := func(m, op string) string {
		if method != m {
			return opMethodNotAllowed
		}
		return op
	}
	switch {
	case path == asyncPrefix+"create":
		return want(http.MethodPost, OpCreate), ""
	case path == asyncPrefix+"put-policy":
		return want(http.MethodPost, OpPutPolicy), ""
	case method == http.MethodPost && strings.HasPrefix(path, asyncPrefix):
		// Other asynchronous operations (DeleteMultiRegionAccessPoint is
		// POST …/mrap/delete) exist at AWS but not here.
		return "", ""
	case strings.HasPrefix(path, asyncPrefix) && len(path) > len(asyncPrefix):
		return want(http.MethodGet, OpDescribe), path[len(asyncPrefix):]
	case path == instPrefix || path == instPrefix+"/":
		return want(http.MethodGet, OpList), ""
	case strings.HasPrefix(path, instPrefix+"/"):
		rest := path[len(instPrefix)+1:]
		name, sub, _ := strings.Cut(rest, "/")
		switch sub {
		case "":
			if strings.HasSuffix(rest, "/") {
				return "", ""
			}
			return want(http.MethodGet, OpGet), name
		case "policy":
			return want(http.MethodGet, OpGetPolicy), name
		case "policystatus":
			return want(http.MethodGet, OpGetPolicyStatus), name
		}
	}
	return "", ""
}

func (s *Server) injectError(c *call) bool {
	s.mu.Lock()
	f := &s.faults
	applies := len(f.Ops) == 0
	for _, op := range f.Ops {
		applies = applies || op == c.op
	}
	var throttle, internal bool
	if applies && f.Throttle > 0 {
		f.Throttle--
		throttle = true
	} else if applies && f.InternalErrors > 0 {
		f.InternalErrors--
		internal = true
	}
	s.mu.Unlock()
	switch {
	case throttle:
		c.note = "fault: throttle"
		c.fail(http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
	case internal:
		c.note = "fault: internal error"
		c.fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
	}
	return throttle || internal
}

// checkAuth requires a SigV4 signature (header or query) and routes by its
// region like AWS: the signature itself is not verified.
func (s *Server) checkAuth(c *call) bool {
	var cred string
	if h := c.r.Header.Get("Authorization"); h != "" {
		algo, rest, _ := strings.Cut(h, " ")
		if algo != "AWS4-HMAC-SHA256" {
			c.fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", "The authorization header is malformed; only AWS4-HMAC-SHA256 is supported.")
			return false
		}
		for _, part := range strings.Split(rest, ",") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(part), "Credential="); ok {
				cred = v
			}
		}
	} else {
		cred = c.r.URL.Query().Get("X-Amz-Credential")
		if cred == "" {
			c.fail(http.StatusForbidden, "AccessDenied", "Access Denied")
			return false
		}
	}
	// Credential=AKID/DATE/REGION/SERVICE/aws4_request
	parts := strings.Split(cred, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		c.fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", "The authorization header is malformed; the Credential is mal-formed.")
		return false
	}
	if parts[3] != "s3" {
		c.fail(http.StatusBadRequest, "AuthorizationHeaderMalformed", fmt.Sprintf("The authorization header is malformed; incorrect service %q. This endpoint belongs to \"s3\".", parts[3]))
		return false
	}
	if parts[2] != Region {
		c.fail(http.StatusMovedPermanently, "PermanentRedirect", "This API operation is only available in the following Regions: us-west-2. Make sure to send all future requests to a supported Region.")
		return false
	}
	return true
}
