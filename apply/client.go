package apply

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
)

// Region is where every MRAP control-plane call goes: AWS serves them only
// there and answers 301 PermanentRedirect anywhere else.
const Region = "us-west-2"

// Defaults for ClientOptions.
const (
	DefaultMaxAttempts = 5
	DefaultMaxBackoff  = 20 * time.Second
	DefaultCallTimeout = 2 * time.Minute
)

// ClientOptions configure NewClient. The zero value uses the standard AWS
// configuration chain (environment, shared config and credentials files,
// SSO, IMDS) and AWS's endpoints.
type ClientOptions struct {
	// Profile selects a shared-config profile (like --profile).
	Profile string
	// EndpointURL overrides the S3 Control endpoint (like --endpoint-url);
	// AWS_ENDPOINT_URL_S3_CONTROL and a shared-config services section are
	// honoured when it is empty.
	EndpointURL string
	// Credentials replaces the credential chain (tests, emulators).
	Credentials aws.CredentialsProvider
	// Debug, if set, receives one line per HTTP attempt (never credentials,
	// signatures or tokens) and a note on endpoint and region.
	Debug io.Writer
	// HTTPClient replaces the SDK's HTTP client.
	HTTPClient aws.HTTPClient
	// MaxAttempts per call, retries on throttling (SlowDown, 503), 5xx and
	// connection errors included; 0 means AWS_MAX_ATTEMPTS or
	// DefaultMaxAttempts.
	MaxAttempts int
	// MaxBackoff caps the delay between attempts (0: DefaultMaxBackoff).
	MaxBackoff time.Duration
	// CallTimeout bounds one call, retries included (0: DefaultCallTimeout).
	CallTimeout time.Duration
	// Now is the clock for debug timings (nil: time.Now).
	Now func() time.Time
}

// Client performs mrapguard's S3 Control calls.
type Client struct {
	api         API
	raw         *s3control.Client // nil when built from a fake API
	debug       *debugLog
	callTimeout time.Duration
}

// NewFromAPI wraps an API implementation (a fake in tests) in a Client.
// debug may be nil.
func NewFromAPI(api API, debug io.Writer) *Client {
	return &Client{api: api, debug: newDebugLog(debug, nil), callTimeout: DefaultCallTimeout}
}

// NewClient builds a Client from the AWS configuration chain.
func NewClient(ctx context.Context, opts ClientOptions) (*Client, error) {
	var load []func(*config.LoadOptions) error
	if opts.Profile != "" {
		load = append(load, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.Credentials != nil {
		load = append(load, config.WithCredentialsProvider(opts.Credentials))
	}
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		return nil, fmt.Errorf("load aws configuration: %w", err)
	}
	dbg := newDebugLog(opts.Debug, opts.Now)
	attempts := opts.MaxAttempts
	if attempts == 0 {
		attempts = cfg.RetryMaxAttempts
	}
	if attempts <= 0 {
		attempts = DefaultMaxAttempts
	}
	maxBackoff := opts.MaxBackoff
	if maxBackoff <= 0 {
		maxBackoff = DefaultMaxBackoff
	}
	var endpoint string
	var unprefixed bool
	raw := s3control.NewFromConfig(cfg, func(o *s3control.Options) {
		o.Region = Region
		if opts.HTTPClient != nil {
			// Only here, not in the config: the credential providers keep
			// the SDK's client (and its AWS_CA_BUNDLE handling).
			o.HTTPClient = opts.HTTPClient
		}
		if opts.EndpointURL != "" {
			o.BaseEndpoint = aws.String(opts.EndpointURL)
		}
		if o.BaseEndpoint != nil {
			endpoint = *o.BaseEndpoint
			if hostTakesNoPrefix(endpoint) {
				unprefixed = true
				o.EndpointResolverV2 = noAccountPrefix{o.EndpointResolverV2}
			}
		}
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = attempts
			so.MaxBackoff = maxBackoff
			// A CLI makes a handful of calls: the client-side retry quota
			// would only turn a throttling burst into a spurious failure.
			so.RateLimiter = ratelimit.None
		})
		o.RetryMaxAttempts = 0
		if dbg != nil {
			o.HTTPClient = &debugDoer{next: o.HTTPClient, log: dbg}
		}
	})
	if dbg != nil {
		shown := "AWS default"
		if endpoint != "" {
			shown = redactURL(endpoint)
			if unprefixed {
				shown += " (no account-id host prefix)"
			}
		}
		note := ""
		if cfg.Region != "" && cfg.Region != Region {
			note = fmt.Sprintf("; configured region %s is used for credentials only, MRAP control calls are served only in %s", cfg.Region, Region)
		}
		dbg.printf("s3control endpoint %s, region %s%s", shown, Region, note)
	}
	ct := opts.CallTimeout
	if ct <= 0 {
		ct = DefaultCallTimeout
	}
	return &Client{api: raw, raw: raw, debug: dbg, callTimeout: ct}, nil
}

// noAccountPrefix stops the endpoint rules from putting the account id in
// front of the host. We wrap the resolver rather than redirect the dialer
// (the other known fix) because the request then goes, signed, to exactly
// the host the user named: TLS certificates, proxies and Host-based routing
// keep working, and nothing resolves a name that does not exist.
type noAccountPrefix struct{ next s3control.EndpointResolverV2 }

func (r noAccountPrefix) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	p.RequiresAccountId = aws.Bool(false)
	return r.next.ResolveEndpoint(ctx, p)
}

// hostTakesNoPrefix reports whether "ACCOUNT." in front of the endpoint's
// host cannot resolve: IP literals (loopback emulators, moto) and localhost.
// DNS names keep the prefix, as AWS and PrivateLink expect it.
func hostTakesNoPrefix(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	_, err = netip.ParseAddr(h)
	return err == nil
}

func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable endpoint)"
	}
	return u.Redacted()
}

// call runs fn under the per-call deadline.
func (c *Client) call(ctx context.Context, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, c.callTimeout)
	defer cancel()
	return fn(ctx)
}
