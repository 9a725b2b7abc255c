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
	"regexp"
	"sort"
	"strconv"
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

var (
	nameRe    = regexp.MustCompile(`^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$`)
	accountRe = regexp.MustCompile(`^[0-9]{12}$`)
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
}

// New returns a Server, loading Options.StatePath if it exists.
func New(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{opts: opts, st: newState(), faults: opts.Faults}
	if opts.StatePath != "" {
		st, err := loadState(opts.StatePath)
		if err != nil {
			return nil, err
		}
		s.st = st
	}
	return s, nil
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
	if !accountRe.MatchString(account) {
		return "", fmt.Errorf("seed %q: account id must be 12 digits", account)
	}
	if !nameRe.MatchString(name) {
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
	c := &call{w: w, r: r, reqID: randomID(8), start: time.Now()}
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
	case !accountRe.MatchString(account):
		c.fail(http.StatusBadRequest, "InvalidRequest", "Account id must be 12 digits")
		return
	}
	// A client that keeps the SDK's host prefix must name the same account
	// there as in the header.
	if host, _, _ := strings.Cut(hostOnly(r.Host), "."); accountRe.MatchString(host) && host != account {
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

func (s *Server) create(c *call) {
	body, ok := c.body()
	if !ok {
		return
	}
	req, err := DecodeCreate(body)
	if err != nil {
		c.fail(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.")
		return
	}
	token, ok := c.clientToken(req.ClientToken)
	if !ok {
		return
	}
	d := req.Details
	if d == nil || d.Name == nil {
		c.fail(http.StatusBadRequest, "InvalidRequest", "Details.Name is required")
		return
	}
	name := *d.Name
	if !nameRe.MatchString(name) {
		c.fail(http.StatusBadRequest, "InvalidRequest", "Invalid name for a Multi-Region Access Point")
		return
	}
	if d.Regions == nil || len(d.Regions.Region) == 0 || len(d.Regions.Region) > 17 {
		c.fail(http.StatusBadRequest, "InvalidRequest", "A Multi-Region Access Point needs between 1 and 17 regions")
		return
	}
	regions := make([]region, 0, len(d.Regions.Region))
	seen := map[string]bool{}
	for _, rg := range d.Regions.Region {
		if rg.Bucket == nil || *rg.Bucket == "" {
			c.fail(http.StatusBadRequest, "InvalidRequest", "Every region needs a bucket")
			return
		}
		if seen[*rg.Bucket] {
			c.fail(http.StatusBadRequest, "InvalidRequest", "A bucket may appear only once")
			return
		}
		seen[*rg.Bucket] = true
		reg := region{Bucket: *rg.Bucket, Region: bucketRegion(*rg.Bucket)}
		if rg.BucketAccountID != nil {
			reg.BucketAccountID = *rg.BucketAccountID
		}
		regions = append(regions, reg)
	}
	p := pab{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	if x := d.PublicAccessBlock; x != nil {
		p = pab{
			BlockPublicAcls:       deref(x.BlockPublicAcls),
			IgnorePublicAcls:      deref(x.IgnorePublicAcls),
			BlockPublicPolicy:     deref(x.BlockPublicPolicy),
			RestrictPublicBuckets: deref(x.RestrictPublicBuckets),
		}
	}
	fp := fingerprint(OpCreate, name, fmt.Sprintf("%+v", p), fmt.Sprintf("%+v", regions))

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	s.settleLocked(now)
	acct := s.st.account(c.account)
	if arn, replay := c.replay(acct, token, fp); replay {
		if arn != "" {
			c.ok(createResult{RequestTokenARN: arn})
		}
		return
	}
	if _, exists := acct.MRAPs[name]; exists {
		c.fail(http.StatusConflict, "MultiRegionAccessPointAlreadyExists", "A Multi-Region Access Point with this name already exists in this account")
		return
	}
	op := &operation{
		TokenARN: tokenARN(c.account, "create"),
		Kind:     OpCreate,
		Name:     name,
		Created:  now,
		Due:      now.Add(s.opts.Propagation),
		Regions:  regionNames(regions),
		PAB:      p,
		Buckets:  regions,
	}
	acct.MRAPs[name] = &mrap{
		Name:      name,
		Alias:     aliasFor(c.account, name),
		CreatedAt: now,
		ReadyAt:   op.Due,
		PAB:       p,
		Regions:   regions,
	}
	acct.addOp(op)
	acct.Tokens[token] = tokenRecord{Fingerprint: fp, TokenARN: op.TokenARN}
	if err := s.saveLocked(); err != nil {
		c.internal(err)
		return
	}
	c.ok(createResult{RequestTokenARN: op.TokenARN})
}

func (s *Server) get(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	s.settleLocked(now)
	m, ok := s.lookupLocked(c, c.arg)
	if !ok {
		return
	}
	c.ok(getMRAPResult{AccessPoint: m.report(now)})
}

func (s *Server) list(c *call) {
	q := c.r.URL.Query()
	max := 100
	if v := q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			c.fail(http.StatusBadRequest, "InvalidRequest", "maxResults must be between 0 and 1000")
			return
		}
		if n > 0 {
			max = n
		}
	}
	after := ""
	if v := q.Get("nextToken"); v != "" {
		b, err := base64.RawURLEncoding.DecodeString(v)
		if err != nil {
			c.fail(http.StatusBadRequest, "InvalidRequest", "The continuation token provided is incorrect")
			return
		}
		after = string(b)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	s.settleLocked(now)
	var names []string
	if acct, ok := s.st.Accounts[c.account]; ok {
		for n := range acct.MRAPs {
			if n > after {
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	res := listMRAPResult{AccessPoints: []mrapReportXML{}}
	for i, n := range names {
		if i == max {
			res.NextToken = base64.RawURLEncoding.EncodeToString([]byte(names[i-1]))
			break
		}
		res.AccessPoints = append(res.AccessPoints, s.st.Accounts[c.account].MRAPs[n].report(now))
	}
	c.ok(res)
}

func (s *Server) getPolicy(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLocked(s.opts.Now())
	m, ok := s.lookupLocked(c, c.arg)
	if !ok {
		return
	}
	if m.Established == nil && m.Proposed == nil {
		c.fail(http.StatusNotFound, "NoSuchMultiRegionAccessPointPolicy", "The specified multi-region access point policy does not exist")
		return
	}
	var res getPolicyResult
	if m.Established != nil {
		res.Policy.Established = &policyXML{Policy: *m.Established}
	}
	if m.Proposed != nil {
		res.Policy.Proposed = &policyXML{Policy: *m.Proposed}
	}
	c.ok(res)
}

func (s *Server) getPolicyStatus(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settleLocked(s.opts.Now())
	m, ok := s.lookupLocked(c, c.arg)
	if !ok {
		return
	}
	if m.Established == nil {
		c.fail(http.StatusNotFound, "NoSuchMultiRegionAccessPointPolicy", "The specified multi-region access point policy does not exist")
		return
	}
	c.ok(getPolicyStatusResult{Established: policyStatusXML{IsPublic: isPublicPolicy(*m.Established)}})
}

func (s *Server) putPolicy(c *call) {
	body, ok := c.body()
	if !ok {
		return
	}
	req, err := DecodePutPolicy(body)
	if err != nil {
		c.fail(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.")
		return
	}
	token, ok := c.clientToken(req.ClientToken)
	if !ok {
		return
	}
	if req.Details == nil || req.Details.Name == nil || req.Details.Policy == nil {
		c.fail(http.StatusBadRequest, "InvalidRequest", "Details.Name and Details.Policy are required")
		return
	}
	name, doc := *req.Details.Name, *req.Details.Policy
	if !nameRe.MatchString(name) {
		c.fail(http.StatusBadRequest, "InvalidRequest", "Invalid name for a Multi-Region Access Point")
		return
	}
	fp := fingerprint(OpPutPolicy, name, doc)

	s.mu.Lock()
	now := s.opts.Now()
	s.settleLocked(now)
	acct := s.st.account(c.account)
	arn, replay := c.replay(acct, token, fp)
	if replay && arn == "" {
		s.mu.Unlock()
		return
	}
	if !replay {
		m, ok := s.lookupLocked(c, name)
		if !ok {
			s.mu.Unlock()
			return
		}
		if err := validatePolicy(doc, c.account, m.Alias); err != nil {
			s.mu.Unlock()
			c.fail(http.StatusBadRequest, "MalformedPolicy", err.Error())
			return
		}
		op := &operation{
			TokenARN: tokenARN(c.account, "put"),
			Kind:     OpPutPolicy,
			Name:     name,
			Policy:   doc,
			Created:  now,
			Due:      now.Add(s.opts.Propagation),
			Regions:  regionNames(m.Regions),
		}
		switch {
		case m.PAB.BlockPublicPolicy && isPublicPolicy(doc):
			op.Fail = &failure{
				Code:      "AccessDenied",
				Message:   "Access Denied: this policy would grant public access and the Multi-Region Access Point blocks public policies",
				Resource:  "arn:aws:s3::" + c.account + ":accesspoint/" + m.Alias,
				RequestID: c.reqID,
			}
		case s.faults.FailPuts > 0:
			s.faults.FailPuts--
			c.note = "fault: operation will fail"
			op.Fail = &failure{Code: "InternalError", Message: "We encountered an internal error. Please try again.", RequestID: c.reqID}
		default:
			m.Proposed = &doc
		}
		acct.addOp(op)
		acct.Tokens[token] = tokenRecord{Fingerprint: fp, TokenARN: op.TokenARN}
		if err := s.saveLocked(); err != nil {
			s.mu.Unlock()
			c.internal(err)
			return
		}
		arn = op.TokenARN
	}
	reset := s.faults.ResetAfterPut > 0
	if reset {
		s.faults.ResetAfterPut--
	}
	s.mu.Unlock()

	if reset && c.resetConnection() {
		return
	}
	c.ok(putPolicyResult{RequestTokenARN: arn})
}

func (s *Server) describe(c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	s.settleLocked(now)
	var op *operation
	if acct, ok := s.st.Accounts[c.account]; ok {
		op = acct.opsByARN()[c.arg]
	}
	if op == nil {
		c.fail(http.StatusNotFound, "NoSuchAsyncRequest", "The specified async request does not exist")
		return
	}
	c.ok(describeResult{AsyncOperation: op.report(now)})
}

func (s *Server) lookupLocked(c *call, name string) (*mrap, bool) {
	if acct, ok := s.st.Accounts[c.account]; ok {
		if m, ok := acct.MRAPs[name]; ok {
			return m, true
		}
	}
	c.fail(http.StatusNotFound, "NoSuchMultiRegionAccessPoint", "The specified Multi-Region Access Point does not exist")
	return nil, false
}

// settleLocked applies every operation whose propagation time has passed,
// oldest first, and persists the result.
func (s *Server) settleLocked(now time.Time) {
	changed := false
	names := sortedKeys(s.st.Accounts)
	for _, id := range names {
		acct := s.st.Accounts[id]
		for _, op := range acct.Ops {
			if op.Settled || now.Before(op.Due) {
				continue
			}
			op.Settled = true
			changed = true
			if op.Fail != nil || op.Kind != OpPutPolicy {
				continue
			}
			if m, ok := acct.MRAPs[op.Name]; ok {
				p := op.Policy
				m.Established = &p
			}
		}
	}
	if changed {
		// A failed save here is retried at the next change; the answer to
		// this request is still right.
		if err := s.saveLocked(); err != nil && s.opts.Log != nil {
			fmt.Fprintf(s.opts.Log, "emulator: save state: %v\n", err)
		}
	}
}

func (s *Server) saveLocked() error {
	if s.opts.StatePath == "" {
		return nil
	}
	return saveState(s.opts.StatePath, s.st)
}

func (s *Server) logCall(c *call) {
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
	start   time.Time
	status  int
	note    string
}

func (c *call) header(status int) {
	h := c.w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("X-Amz-Request-Id", c.reqID)
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
