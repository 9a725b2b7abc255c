package emulator

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	fuzzOnce   sync.Once
	fuzzServer *Server
)

// FuzzDecodePutPolicy feeds arbitrary bodies to the PutMultiRegionAccessPointPolicy
// decoder and handler. Properties: no panic; a body that decodes survives a
// re-encode and decode unchanged; the handler answers well-formed XML and
// never a 5xx (bad input is the client's error, not the server's).
// Seeds: testdata/fuzz/FuzzDecodePutPolicy.
func FuzzDecodePutPolicy(f *testing.F) {
	fuzzOnce.Do(func() {
		s, err := New(Options{})
		if err != nil {
			f.Fatal(err)
		}
		if _, err := s.Seed(tAccount, "demo", true); err != nil {
			f.Fatal(err)
		}
		fuzzServer = s
	})
	f.Add([]byte(putBody("tok", "demo", `{"Statement":[]}`)))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := DecodePutPolicy(body)
		if err == nil {
			again, err := xml.Marshal(req)
			if err != nil {
				t.Fatalf("re-encode %+v: %v", req, err)
			}
			back, err := DecodePutPolicy(again)
			if err != nil {
				t.Fatalf("decode of re-encoded %q: %v", again, err)
			}
			// The namespace is checked on decode, not carried by the struct.
			req.XMLName, back.XMLName = xml.Name{}, xml.Name{}
			if diff := cmp.Diff(req, back); diff != "" {
				t.Fatalf("round trip (-first +second):\n%s", diff)
			}
		}

		hr := httptest.NewRequest(http.MethodPost, "/v20180820/async-requests/mrap/put-policy", bytes.NewReader(body))
		hr.Header.Set("Authorization", signed)
		hr.Header.Set("X-Amz-Account-Id", tAccount)
		w := httptest.NewRecorder()
		fuzzServer.ServeHTTP(w, hr)
		if w.Code >= 500 {
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
		var anyDoc struct{ XMLName xml.Name }
		if err := xml.Unmarshal(w.Body.Bytes(), &anyDoc); err != nil {
			t.Fatalf("response is not XML: %v: %q", err, w.Body)
		}
	})
}
