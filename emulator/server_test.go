package emulator

import (
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Unit tests of the handler with hand-made requests: the refusals a real
// SDK never provokes.

const signed = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260504/us-west-2/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123"

type req struct {
	method, path, body string
	header             map[string]string // replaces the defaults; "" deletes
	host               string
}

type resp struct {
	Status    int
	Code      string
	RequestID string // from the body, checked against the header
}

func serve(t *testing.T, s *Server, r req) (resp, string) {
	t.Helper()
	if r.method == "" {
		r.method = http.MethodGet
	}
	hr := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
	hr.Header.Set("Authorization", signed)
	hr.Header.Set("X-Amz-Account-Id", tAccount)
	for k, v := range r.header {
		if v == "" {
			hr.Header.Del(k)
		} else {
			hr.Header.Set(k, v)
		}
	}
	if r.host != "" {
		hr.Host = r.host
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, hr)
	out := resp{Status: w.Code}
	body := w.Body.String()
	if w.Code != http.StatusOK {
		var e errorResponseXML
		if err := xml.Unmarshal(w.Body.Bytes(), &e); err != nil {
			t.Fatalf("error body %q: %v", body, err)
		}
		out.Code, out.RequestID = e.Code, e.RequestID
		if got := w.Header().Get("X-Amz-Request-Id"); got != e.RequestID {
			t.Errorf("x-amz-request-id %q, body RequestId %q", got, e.RequestID)
		}
		out.RequestID = ""
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/xml" {
		t.Errorf("Content-Type %q", ct)
	}
	return out, body
}

func newSeeded(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Seed(tAccount, "demo", true); err != nil {
		t.Fatal(err)
	}
	return s
}

func putBody(token, name, policy string) string {
	var b strings.Builder
	b.WriteString(`<PutMultiRegionAccessPointPolicyRequest xmlns="` + Namespace + `">`)
	if token != "-" {
		b.WriteString("<ClientToken>")
		xml.EscapeText(&b, []byte(token))
		b.WriteString("</ClientToken>")
	}
	b.WriteString("<Details><Name>" + name + "</Name><Policy>")
	xml.EscapeText(&b, []byte(policy))
	b.WriteString("</Policy></Details></PutMultiRegionAccessPointPolicyRequest>")
	return b.String()
}

func TestServeRefusals(t *testing.T) {
	alias := aliasFor(tAccount, "demo")
	good := stmt(`"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3::111122223333:accesspoint/` + alias + `/object/*"`)
	const put = "/v20180820/async-requests/mrap/put-policy"
	tests := []struct {
		name string
		req  req
		want resp
	}{
		{"ok", req{path: "/v20180820/mrap/instances/demo"}, resp{Status: 200}},
		{"unsigned", req{path: "/v20180820/mrap/instances/demo", header: map[string]string{"Authorization": ""}}, resp{403, "AccessDenied", ""}},
		{"presigned", req{path: "/v20180820/mrap/instances/demo?X-Amz-Credential=AKID%2F20260504%2Fus-west-2%2Fs3%2Faws4_request", header: map[string]string{"Authorization": ""}}, resp{Status: 200}},
		{"other region", req{path: "/v20180820/mrap/instances/demo", header: map[string]string{"Authorization": strings.Replace(signed, "us-west-2", "eu-west-1", 1)}}, resp{301, "PermanentRedirect", ""}},
		{"other service", req{path: "/v20180820/mrap/instances/demo", header: map[string]string{"Authorization": strings.Replace(signed, "/s3/", "/s3-control/", 1)}}, resp{400, "AuthorizationHeaderMalformed", ""}},
		{"sigv4a", req{path: "/v20180820/mrap/instances/demo", header: map[string]string{"Authorization": strings.Replace(signed, "AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256", 1)}}, resp{400, "AuthorizationHeaderMalformed", ""}},
		{"mangled credential", req{path: "/v20180820/mrap/instances/demo", header: map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/us-west-2"}}, resp{400, "AuthorizationHeaderMalformed", ""}},
		{"no account header", req{path: "/v20180820/mrap/instances/demo", header: map[string]string{"X-Amz-Account-Id": ""}}, resp{400, "InvalidRequest", ""}},
		{"bad account header", req{path: "/v20180820/mrap/instances/demo", header: map[string]string{"X-Amz-Account-Id": "1234"}}, resp{400, "InvalidRequest", ""}},
		{"host prefix matches", req{path: "/v20180820/mrap/instances/demo", host: tAccount + ".127.0.0.1:9000"}, resp{Status: 200}},
		{"host prefix differs", req{path: "/v20180820/mrap/instances/demo", host: "444455556666.127.0.0.1:9000"}, resp{400, "InvalidRequest", ""}},
		{"unknown path", req{path: "/v20180820/accesspoint/x"}, resp{501, "NotImplemented", ""}},
		{"trailing slash", req{path: "/v20180820/mrap/instances/demo/"}, resp{501, "NotImplemented", ""}},
		{"wrong method", req{method: "DELETE", path: "/v20180820/mrap/instances/demo"}, resp{405, "MethodNotAllowed", ""}},
		{"GET put-policy", req{path: put}, resp{405, "MethodNotAllowed", ""}},
		// An operation AWS has and the emulator does not: 501, as
		// docs/emulator.md says (issue 15 item 19).
		{"delete MRAP", req{method: "POST", path: "/v20180820/async-requests/mrap/delete", body: `<DeleteMultiRegionAccessPointRequest><ClientToken>d</ClientToken><Details><Name>demo</Name></Details></DeleteMultiRegionAccessPointRequest>`}, resp{501, "NotImplemented", ""}},
		{"unknown MRAP", req{path: "/v20180820/mrap/instances/nope"}, resp{404, "NoSuchMultiRegionAccessPoint", ""}},
		{"no policy yet", req{path: "/v20180820/mrap/instances/demo/policy"}, resp{404, "NoSuchMultiRegionAccessPointPolicy", ""}},
		{"no policy status yet", req{path: "/v20180820/mrap/instances/demo/policystatus"}, resp{404, "NoSuchMultiRegionAccessPointPolicy", ""}},
		{"unknown operation", req{path: "/v20180820/async-requests/mrap/arn:aws:s3:us-west-2:111122223333:async-request/mrap/put/x"}, resp{404, "NoSuchAsyncRequest", ""}},
		{"list: bad maxResults", req{path: "/v20180820/mrap/instances?maxResults=x"}, resp{400, "InvalidRequest", ""}},
		{"list: bad nextToken", req{path: "/v20180820/mrap/instances?nextToken=%25%25"}, resp{400, "InvalidRequest", ""}},
		{"put: ok", req{method: "POST", path: put, body: putBody("t1", "demo", good)}, resp{Status: 200}},
		{"put: not XML", req{method: "POST", path: put, body: "{}"}, resp{400, "MalformedXML", ""}},
		{"put: no token", req{method: "POST", path: put, body: putBody("-", "demo", good)}, resp{400, "InvalidRequest", ""}},
		{"put: empty token", req{method: "POST", path: put, body: putBody("", "demo", good)}, resp{400, "InvalidRequest", ""}},
		{"put: 65-char token", req{method: "POST", path: put, body: putBody(strings.Repeat("a", 65), "demo", good)}, resp{400, "InvalidRequest", ""}},
		{"put: token with space", req{method: "POST", path: put, body: putBody("a b", "demo", good)}, resp{400, "InvalidRequest", ""}},
		{"put: no details", req{method: "POST", path: put, body: `<PutMultiRegionAccessPointPolicyRequest><ClientToken>t</ClientToken></PutMultiRegionAccessPointPolicyRequest>`}, resp{400, "InvalidRequest", ""}},
		{"put: bad name", req{method: "POST", path: put, body: putBody("t", "Demo_", good)}, resp{400, "InvalidRequest", ""}},
		{"put: unknown MRAP", req{method: "POST", path: put, body: putBody("t", "nope", good)}, resp{404, "NoSuchMultiRegionAccessPoint", ""}},
		{"put: malformed policy", req{method: "POST", path: put, body: putBody("t", "demo", "{")}, resp{400, "MalformedPolicy", ""}},
		{"put: too big", req{method: "POST", path: put, body: putBody("t", "demo", strings.Repeat(" ", maxBody))}, resp{400, "MaxMessageLengthExceeded", ""}},
		{"create: no regions", req{method: "POST", path: "/v20180820/async-requests/mrap/create", body: `<CreateMultiRegionAccessPointRequest><ClientToken>c</ClientToken><Details><Name>x1x</Name></Details></CreateMultiRegionAccessPointRequest>`}, resp{400, "InvalidRequest", ""}},
		{"create: exists", req{method: "POST", path: "/v20180820/async-requests/mrap/create", body: `<CreateMultiRegionAccessPointRequest><ClientToken>c</ClientToken><Details><Name>demo</Name><Regions><Region><Bucket>b</Bucket></Region></Regions></Details></CreateMultiRegionAccessPointRequest>`}, resp{409, "MultiRegionAccessPointAlreadyExists", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSeeded(t, Options{})
			got, body := serve(t, s, tt.req)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\nbody: %s", diff, body)
			}
		})
	}
}

func TestServeFaults(t *testing.T) {
	s := newSeeded(t, Options{})
	s.SetFaults(Faults{Throttle: 1, InternalErrors: 1, Ops: []string{OpGetPolicy}})
	get := req{path: "/v20180820/mrap/instances/demo"}
	pol := req{path: "/v20180820/mrap/instances/demo/policy"}
	var got []resp
	for _, r := range []req{get, pol, get, pol, pol} {
		g, _ := serve(t, s, r)
		got = append(got, g)
	}
	want := []resp{{Status: 200}, {503, "SlowDown", ""}, {Status: 200}, {500, "InternalError", ""}, {404, "NoSuchMultiRegionAccessPointPolicy", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Faults{Ops: []string{OpGetPolicy}}, s.Faults()); diff != "" {
		t.Errorf("faults left (-want +got):\n%s", diff)
	}
}

func TestRoute(t *testing.T) {
	tests := []struct {
		method, path string
		op, arg      string
	}{
		{"GET", "/v20180820/mrap/instances", OpList, ""},
		{"GET", "/v20180820/mrap/instances/", OpList, ""},
		{"GET", "/v20180820/mrap/instances/demo", OpGet, "demo"},
		{"GET", "/v20180820/mrap/instances/demo/policy", OpGetPolicy, "demo"},
		{"GET", "/v20180820/mrap/instances/demo/policystatus", OpGetPolicyStatus, "demo"},
		{"GET", "/v20180820/mrap/instances/demo/other", "", ""},
		{"POST", "/v20180820/async-requests/mrap/put-policy", OpPutPolicy, ""},
		{"POST", "/v20180820/async-requests/mrap/create", OpCreate, ""},
		{"GET", "/v20180820/async-requests/mrap/arn:aws:s3:us-west-2:1:async-request/mrap/put/x", OpDescribe, "arn:aws:s3:us-west-2:1:async-request/mrap/put/x"},
		{"GET", "/v20180820/async-requests/mrap/", "", ""},
		{"POST", "/v20180820/mrap/instances/demo", opMethodNotAllowed, "demo"},
		{"GET", "/", "", ""},
	}
	for _, tt := range tests {
		op, arg := route(tt.method, tt.path)
		if op != tt.op || arg != tt.arg {
			t.Errorf("route(%s %s) = %q, %q; want %q, %q", tt.method, tt.path, op, arg, tt.op, tt.arg)
		}
	}
}

func TestOperationLifecycle(t *testing.T) {
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	s := newSeeded(t, Options{Propagation: 10 * time.Second, Now: func() time.Time { return now }})
	alias := aliasFor(tAccount, "demo")
	doc := stmt(`"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3::111122223333:accesspoint/` + alias + `/object/*"`)
	_, body := serve(t, s, req{method: "POST", path: "/v20180820/async-requests/mrap/put-policy", body: putBody("t1", "demo", doc)})
	var pr putPolicyResult
	if err := xml.Unmarshal([]byte(body), &pr); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pr.RequestTokenARN, "arn:aws:s3:us-west-2:111122223333:async-request/mrap/put/") {
		t.Errorf("token ARN %q", pr.RequestTokenARN)
	}
	type snap struct {
		Status    string
		Regions   []regionalResponseXML
		Policy    policyDocumentXML
		HasErrors bool
	}
	look := func() snap {
		_, body := serve(t, s, req{path: "/v20180820/async-requests/mrap/" + pr.RequestTokenARN})
		var d describeResult
		if err := xml.Unmarshal([]byte(body), &d); err != nil {
			t.Fatal(err)
		}
		_, body = serve(t, s, req{path: "/v20180820/mrap/instances/demo/policy"})
		var p getPolicyResult
		xml.Unmarshal([]byte(body), &p)
		return snap{d.AsyncOperation.RequestStatus, d.AsyncOperation.ResponseDetails.MultiRegionAccessPointDetails.Regions, p.Policy, d.AsyncOperation.ResponseDetails.ErrorDetails != nil}
	}
	var got []snap
	for _, step := range []time.Duration{0, 5 * time.Second, 5 * time.Second} {
		now = now.Add(step)
		got = append(got, look())
	}
	want := []snap{
		{"IN_PROGRESS", []regionalResponseXML{{"us-east-1", "IN_PROGRESS"}, {"eu-west-1", "IN_PROGRESS"}}, policyDocumentXML{Proposed: &policyXML{doc}}, false},
		{"IN_PROGRESS", []regionalResponseXML{{"us-east-1", "SUCCEEDED"}, {"eu-west-1", "IN_PROGRESS"}}, policyDocumentXML{Proposed: &policyXML{doc}}, false},
		{"SUCCEEDED", []regionalResponseXML{{"us-east-1", "SUCCEEDED"}, {"eu-west-1", "SUCCEEDED"}}, policyDocumentXML{Established: &policyXML{doc}, Proposed: &policyXML{doc}}, false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestObserve(t *testing.T) {
	var seen []Request
	s, err := New(Options{Observe: func(r Request) { seen = append(seen, r) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Seed(tAccount, "demo", true); err != nil {
		t.Fatal(err)
	}
	serve(t, s, req{path: "/v20180820/mrap/instances/demo"})
	serve(t, s, req{path: "/v20180820/mrap/instances/absent/policy"})
	serve(t, s, req{path: "/v20180820/nope"})
	serve(t, s, req{path: "/v20180820/mrap/instances/demo", header: map[string]string{"X-Amz-Account-Id": ""}})
	want := []Request{
		{Op: OpGet, Account: tAccount, Arg: "demo", Status: http.StatusOK},
		{Op: OpGetPolicy, Account: tAccount, Arg: "absent", Status: http.StatusNotFound},
		{Op: OpGet, Arg: "demo", Status: http.StatusBadRequest},
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("observed requests (-want +got):\n%s", diff)
	}
}

// TestHTTPServerCutsSlowBodies is issue 10 item 16: a client that sends a
// request body slowly (or never) is cut off after the read timeout instead
// of holding the connection open forever.
func TestHTTPServerCutsSlowBodies(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if hs := s.HTTPServer(); hs.ReadTimeout != DefaultReadTimeout || hs.ReadHeaderTimeout == 0 || hs.IdleTimeout == 0 {
		t.Errorf("default limits: read %v, header %v, idle %v", hs.ReadTimeout, hs.ReadHeaderTimeout, hs.IdleTimeout)
	}
	s, _ = New(Options{ReadTimeout: 300 * time.Millisecond})
	hs := s.HTTPServer()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(l)
	defer hs.Close()
	conn, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v20180820/async-requests/mrap/put-policy HTTP/1.1\r\nHost: x\r\nx-amz-account-id: %s\r\nContent-Length: 1000\r\n\r\n<Put", tAccount)
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.ReadAll(conn); err != nil {
		t.Fatalf("the server kept a half-sent request open: %v", err)
	}
}
