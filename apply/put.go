package apply

import (
	"time"

	"context"
	"errors"
	"fmt"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/s3control/types"
)

// Put submits policyJSON as the MRAP's policy with the idempotency token
// (see Token) and returns the request token ARN of the asynchronous
// operation. The SDK retries lost responses with the same token, so AWS
// creates at most one operation per token.
func (c *Client) Put(ctx context.Context, account, name, policyJSON, token string) (string, error) {
	arn, _, err := c.put(ctx, account, name, policyJSON, token)
	return arn, err
}

// put is Put that also returns the server's time from the response's Date
// header (zero if absent), to tell a fresh operation from a replayed one
// on the server's own clock.
func (c *Client) put(ctx context.Context, account, name, policyJSON, token string) (string, time.Time, error) {
	if err := validateTarget(account, name); err != nil {
		return "", time.Time{}, err
	}
	if token == "" || len(token) > 64 || strings.ContainsAny(token, " \t\r\n\v\f") {
		return "", time.Time{}, fmt.Errorf("client token of %d characters: must be 1-64 characters without white space: %w", len(token), ErrInvalidInput)
	}
	if strings.TrimSpace(policyJSON) == "" {
		return "", time.Time{}, fmt.Errorf("policy for %q is empty: %w", name, ErrInvalidInput)
	}
	c.debug.printf("put policy of %q in %s, %d bytes, client token %s", name, account, len(policyJSON), tokenHint(token))
	var out *s3control.PutMultiRegionAccessPointPolicyOutput
	err := c.call(ctx, func(ctx context.Context) (err error) {
		out, err = c.api.PutMultiRegionAccessPointPolicy(ctx, &s3control.PutMultiRegionAccessPointPolicyInput{
			AccountId:   &account,
			ClientToken: &token,
			Details:     &types.PutMultiRegionAccessPointPolicyInput{Name: &name, Policy: &policyJSON},
		})
		return err
	})
	if hasCode(err, codeNoSuchMRAP) {
		return "", time.Time{}, fmt.Errorf("multi-region access point %q in account %s: %w", name, account, ErrNoSuchMRAP)
	}
	if err != nil {
		return "", time.Time{}, c.callError("PutMultiRegionAccessPointPolicy", name, err)
	}
	if out.RequestTokenARN == nil || *out.RequestTokenARN == "" {
		return "", time.Time{}, c.callError("PutMultiRegionAccessPointPolicy", name, errors.New("response has no RequestTokenARN"))
	}
	c.debug.printf("put accepted: operation %s", *out.RequestTokenARN)
	at, _ := awsmiddleware.GetServerTime(out.ResultMetadata)
	return *out.RequestTokenARN, at, nil
}
