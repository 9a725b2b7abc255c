package apply

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/mrapguard/mrapguard/internal/escape"
)

var (
	// ErrNoSuchMRAP: the multi-region access point does not exist in the
	// account (a wrong name or account from the user's point of view).
	ErrNoSuchMRAP = errors.New("no such multi-region access point")
	// ErrNoSuchOperation: AWS does not know the request token ARN (after a
	// grace period for a put that was just accepted): a wrong ARN from the
	// user's point of view.
	ErrNoSuchOperation = errors.New("no such operation")
	// ErrInvalidInput: an account id, MRAP name, token or token ARN that
	// AWS would refuse; nothing was sent.
	ErrInvalidInput = errors.New("invalid input")
)

// Error codes S3 Control (or moto) uses for absent things.
const (
	codeNoSuchMRAP         = "NoSuchMultiRegionAccessPoint"
	codeNoSuchMRAPPolicy   = "NoSuchMultiRegionAccessPointPolicy"
	codeNoSuchAsyncRequest = "NoSuchAsyncRequest"
)

// opPhrases name API operations in error messages.
var opPhrases = map[string]string{
	"GetMultiRegionAccessPoint":               "get multi-region access point",
	"GetMultiRegionAccessPointPolicy":         "get policy of multi-region access point",
	"GetMultiRegionAccessPointPolicyStatus":   "get policy status of multi-region access point",
	"PutMultiRegionAccessPointPolicy":         "put policy of multi-region access point",
	"DescribeMultiRegionAccessPointOperation": "describe operation",
}

// CallError is an S3 Control call that failed, after the retries the retryer
// allowed. Code, Message and RequestID are the server's, raw (untrusted).
type CallError struct {
	Op         string // API operation name, e.g. "PutMultiRegionAccessPointPolicy"
	Subject    string // MRAP name or request token ARN
	Code       string // AWS error code, "" for transport failures
	Message    string
	RequestID  string
	StatusCode int // HTTP status, 0 if no response
	Attempts   int // attempts made, when the retryer gave up
	// Endpoint is the S3 Control endpoint set by --endpoint-url or the
	// configuration, "" for AWS's own.
	Endpoint string
	Err      error
}

func (e *CallError) Error() string {
	var b strings.Builder
	phrase := opPhrases[e.Op]
	if phrase == "" {
		phrase = e.Op
	}
	var ce *CredentialsError
	if errors.As(e.Err, &ce) {
		return safe(ce.Error())
	}
	fmt.Fprintf(&b, "%s %q: ", phrase, e.Subject)
	var se *smithyhttp.RequestSendError
	if e.Code == "" && errors.As(e.Err, &se) {
		b.WriteString(e.unreachable())
		return safe(b.String())
	}
	if e.Code != "" {
		b.WriteString(e.Code)
		if e.Message != "" && e.Message != e.Code {
			b.WriteString(": " + e.Message)
		}
		var extra []string
		if e.StatusCode != 0 {
			extra = append(extra, fmt.Sprintf("HTTP %d", e.StatusCode))
		}
		if e.RequestID != "" {
			extra = append(extra, "request id "+e.RequestID)
		}
		if e.Attempts > 1 {
			extra = append(extra, fmt.Sprintf("gave up after %d attempts", e.Attempts))
		}
		if len(extra) > 0 {
			b.WriteString(" (" + strings.Join(extra, ", ") + ")")
		}
	} else if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return safe(b.String())
}

func (e *CallError) Unwrap() error { return e.Err }

// unreachable says that no answer came, from where, and what to check:
// the user's own endpoint is most often a server that is not running.
func (e *CallError) unreachable() string {
	where, why := "the S3 Control endpoint", "no answer"
	var ue *url.Error
	if errors.As(e.Err, &ue) {
		if u, err := url.Parse(ue.URL); err == nil {
			where = u.Scheme + "://" + u.Host
		}
		why = ue.Err.Error()
	}
	if e.Attempts > 1 {
		why += fmt.Sprintf("; %d attempts", e.Attempts)
	}
	if e.Endpoint != "" {
		return fmt.Sprintf("cannot reach %s (%s): is the endpoint %s running? It is set by --endpoint-url or AWS_ENDPOINT_URL_S3_CONTROL", where, why, redactURL(e.Endpoint))
	}
	return fmt.Sprintf("cannot reach %s (%s): check the network connection and any proxy (HTTPS_PROXY)", where, why)
}

// Throttled reports whether AWS was asking the client to slow down.
func (e *CallError) Throttled() bool {
	if _, ok := retry.DefaultThrottleErrorCodes[e.Code]; ok {
		return true
	}
	return e.StatusCode == 429
}

// callError describes a failed call to this client's endpoint.
func (c *Client) callError(op, subject string, err error) *CallError {
	ce := newCallError(op, subject, err)
	ce.Endpoint = c.endpoint
	return ce
}

// MayHaveBeenAccepted reports whether a failed put may nonetheless have
// been accepted: no answer arrived (the response was lost) or AWS answered
// with a server error, which it may give after starting the operation.
// Only a put whose refusal AWS stated (4xx) was certainly not accepted, or
// one never sent because there were no credentials to sign it with.
func (e *CallError) MayHaveBeenAccepted() bool {
	return e.Op == "PutMultiRegionAccessPointPolicy" && (e.StatusCode == 0 || e.StatusCode >= 500) &&
		!errors.Is(e.Err, ErrInvalidInput) && !errors.As(e.Err, new(*CredentialsError))
}

func newCallError(op, subject string, err error) *CallError {
	ce := &CallError{Op: op, Subject: subject, Err: err}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		ce.Code, ce.Message = apiErr.ErrorCode(), apiErr.ErrorMessage()
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		ce.StatusCode = re.HTTPStatusCode()
		ce.RequestID = re.ServiceRequestID()
	}
	var ma *retry.MaxAttemptsError
	if errors.As(err, &ma) {
		ce.Attempts = ma.Attempt
	}
	return ce
}

func hasCode(err error, code string) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == code
}

// OperationError is an asynchronous operation that ended FAILED. The fields
// are the server's ErrorDetails, raw (untrusted).
type OperationError struct {
	TokenARN  string
	Code      string
	Message   string
	Resource  string
	RequestID string
	Operation *Operation
}

func (e *OperationError) Error() string {
	s := fmt.Sprintf("operation %s failed", e.TokenARN)
	switch {
	case e.Code != "" && e.Message != "":
		s += ": " + e.Code + ": " + e.Message
	case e.Code != "" || e.Message != "":
		s += ": " + e.Code + e.Message
	default:
		s += " without error details"
	}
	if e.Resource != "" {
		s += " (resource " + e.Resource + ")"
	}
	return safe(s)
}

// WaitError is Wait stopping before the operation ended: the context was
// cancelled or timed out, or polling failed. TokenARN lets the caller print
// how to resume.
type WaitError struct {
	TokenARN   string
	LastStatus string // last status seen, "" if none
	Err        error
}

func (e *WaitError) Error() string {
	last := ""
	if e.LastStatus != "" {
		last = " (last status " + e.LastStatus + ")"
	}
	return safe(fmt.Sprintf("wait for operation %s%s: %v", e.TokenARN, last, e.Err))
}

func (e *WaitError) Unwrap() error { return e.Err }

// VerifyError is a put that succeeded while the policy in force is still
// not the proposed one.
type VerifyError struct {
	Account, Name string
	// Attempts is the number of puts made; 0 from Verify, which never puts.
	Attempts        int
	ProposedHash    string
	EstablishedHash string // NoLivePolicy when there is none
	// Moved is set when the policy in force is neither the one we started
	// from nor the proposed one: someone else changed it, so we stopped.
	Moved bool
}

func (e *VerifyError) Error() string {
	if e.Moved {
		return safe(fmt.Sprintf("verify policy of multi-region access point %q: the policy in force (%s) is neither the previous nor the proposed one (%s): changed by someone else, not retried",
			e.Name, short(e.EstablishedHash), short(e.ProposedHash)))
	}
	if e.Attempts == 0 {
		return safe(fmt.Sprintf("verify policy of multi-region access point %q: the policy in force (%s) is not the proposed one (%s)",
			e.Name, ShortHash(e.EstablishedHash), ShortHash(e.ProposedHash)))
	}
	return safe(fmt.Sprintf("verify policy of multi-region access point %q: still not the proposed policy (%s) after %d puts",
		e.Name, short(e.ProposedHash), e.Attempts))
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// safe makes server text (untrusted) inert on a terminal line.
func safe(s string) string { return escape.Terminal(s) }
