package apply

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/s3control/types"
)

// Put submits policyJSON as the MRAP's policy with the idempotency token
// (see Token) and returns the request token ARN of the asynchronous
// operation. The SDK retries lost responses with the same token, so AWS
// creates at most one operation per token.
func (c *Client) Put(ctx context.Context, account, name, policyJSON, token string) (string, error) {
	if err := validateTarget(account, name); err != nil {
		return "", err
	}
	if token == "" || len(token) > 64 || strings.ContainsAny(token, " \t\r\n\v\f") {
		return "", fmt.Errorf("client token of %d characters: must be 1-64 characters without white space: %w", len(token), ErrInvalidInput)
	}
	if strings.TrimSpace(policyJSON) == "" {
		return "", fmt.Errorf("policy for %q is empty: %w", name, ErrInvalidInput)
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
		return "", fmt.Errorf("multi-region access point %q in account %s: %w", name, account, ErrNoSuchMRAP)
	}
	if err != nil {
		return "", newCallError("PutMultiRegionAccessPointPolicy", name, err)
	}
	if out.RequestTokenARN == nil || *out.RequestTokenARN == "" {
		return "", newCallError("PutMultiRegionAccessPointPolicy", name, errors.New("response has no RequestTokenARN"))
	}
	c.debug.printf("put accepted: operation %s", *out.RequestTokenARN)
	return *out.RequestTokenARN, nil
}
