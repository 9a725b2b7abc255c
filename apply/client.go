package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/aws/smithy-go/logging"
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
	endpoint    string // the endpoint set by option or configuration, "" for AWS's
}

// NewFromAPI wraps an API implementation (a fake in tests) in a Client.
// debug may be nil.
func NewFromAPI(api API, debug io.Writer) *Client {
	return &Client{api: api, debug: newDebugLog(debug, nil), callTimeout: DefaultCallTimeout}
}

// NewClient builds a Client from the AWS configuration chain.
func NewClient(ctx context.Context, opts ClientOptions) (*Client, error) {
	dbg := newDebugLog(opts.Debug, opts.Now)
	// The SDK logs warnings of its own on stderr (IMDSv1 fallback, while
	// looking for credentials that are not there); what matters reaches
	// the user as one error, and --debug shows the rest.
	load := []func(*config.LoadOptions) error{config.WithLogger(sdkLogger{dbg})}
	if opts.Profile != "" {
		load = append(load, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.Credentials != nil {
		load = append(load, config.WithCredentialsProvider(opts.Credentials))
	}
	cfg, err := config.LoadDefaultConfig(ctx, load...)
	if err != nil {
		var missing config.SharedConfigProfileNotExistError
		if errors.As(err, &missing) {
			return nil, fmt.Errorf("AWS profile %q %s is not in the shared config or credentials file; aws configure list-profiles lists the profiles there", missing.Profile, profileSource(opts.Profile))
		}
		return nil, fmt.Errorf("load aws configuration: %w", err)
	}
	if cfg.Credentials != nil {
		profile := opts.Profile
		if profile == "" {
			profile = os.Getenv("AWS_PROFILE")
		}
		cfg.Credentials = credentialsProvider{next: cfg.Credentials, profile: profile, debug: dbg}
	}
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
	return &Client{api: raw, raw: raw, debug: dbg, callTimeout: ct, endpoint: endpoint}, nil
}

// profileSource says where a profile name came from, for messages.
func profileSource(flag string) string {
	if flag != "" {
		return "(--profile)"
	}
	return "(AWS_PROFILE)"
}

// CredentialsError is the AWS configuration chain finding no credentials
// (or failing to get those of the profile). It is not retried: another
// attempt finds the same nothing, slowly.
type CredentialsError struct {
	Profile string // the profile in use, "" for the default chain
	Err     error  // the SDK's error
}

func (e *CredentialsError) Error() string {
	if e.Profile != "" {
		return fmt.Sprintf("no AWS credentials from profile %q: %v; check the profile (aws configure list --profile %s), or log in again (aws sso login --profile %s)", e.Profile, e.Err, e.Profile, e.Profile)
	}
	return "no AWS credentials found (environment, shared credentials and config files, EC2 instance role): pass --profile NAME or set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any values for the emulator); --debug shows the SDK's error"
}

func (e *CredentialsError) Unwrap() error { return e.Err }

// RetryableError tells the SDK's retryer not to try again.
func (e *CredentialsError) RetryableError() bool { return false }

// credentialsProvider marks the chain's failures as *CredentialsError.
type credentialsProvider struct {
	next    aws.CredentialsProvider
	profile string
	debug   *debugLog
}

func (p credentialsProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	c, err := p.next.Retrieve(ctx)
	if err != nil && ctx.Err() == nil {
		p.debug.printf("credentials: %v", err)
		return c, &CredentialsError{Profile: p.profile, Err: err}
	}
	return c, err
}

// sdkLogger sends the SDK's own log lines to --debug, and nowhere without
// it.
type sdkLogger struct{ debug *debugLog }

func (l sdkLogger) Logf(class logging.Classification, format string, v ...any) {
	l.debug.printf("aws sdk %s: %s", strings.ToLower(string(class)), fmt.Sprintf(format, v...))
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
