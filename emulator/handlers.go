package emulator

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"
)

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
	if !nameRe().MatchString(name) {
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
	if !nameRe().MatchString(name) {
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
