package apply

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/s3control/types"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// Live is what AWS says about an MRAP and its policy right now.
type Live struct {
	Account   string
	Name      string
	Alias     string
	Status    string // READY, CREATING, INCONSISTENT_ACROSS_REGIONS, …
	CreatedAt time.Time
	Regions   []RegionBucket
	// PublicAccessBlock is fixed at creation; absent settings read as on,
	// the MRAP default.
	PublicAccessBlock PublicAccessBlock

	// HasPolicy: an Established policy is in force. False on a first apply.
	HasPolicy   bool
	Established string
	// HasProposed: AWS reports a Proposed policy (accepted, maybe not yet
	// propagated). One that differs from Established is a change in flight.
	HasProposed bool
	Proposed    string
	// IsPublic is AWS's verdict on the Established policy; nil when there is
	// no policy or AWS gave none.
	IsPublic *bool
}

// RegionBucket is one bucket behind the MRAP, and its region.
type RegionBucket struct {
	Region          string
	Bucket          string
	BucketAccountID string
}

// PublicAccessBlock are the MRAP's block-public-access settings.
type PublicAccessBlock struct {
	BlockPublicAcls       bool
	IgnorePublicAcls      bool
	BlockPublicPolicy     bool
	RestrictPublicBuckets bool
}

func validateTarget(account, name string) error {
	if !awsid.Account(account) {
		return fmt.Errorf("account id %q: must be 12 digits: %w", account, ErrInvalidInput)
	}
	if !awsid.MRAPName(name) {
		return fmt.Errorf("multi-region access point name %q: must be 3-50 lowercase letters, digits and hyphens: %w", name, ErrInvalidInput)
	}
	return nil
}

// Fetch reads the MRAP, its policy and the policy's status. A missing MRAP
// is an error wrapping ErrNoSuchMRAP; a missing policy is not an error.
func (c *Client) Fetch(ctx context.Context, account, name string) (*Live, error) {
	if err := validateTarget(account, name); err != nil {
		return nil, err
	}
	live := &Live{Account: account, Name: name}

	var mrap *s3control.GetMultiRegionAccessPointOutput
	err := c.call(ctx, func(ctx context.Context) (err error) {
		mrap, err = c.api.GetMultiRegionAccessPoint(ctx, &s3control.GetMultiRegionAccessPointInput{AccountId: &account, Name: &name})
		return err
	})
	if hasCode(err, codeNoSuchMRAP) {
		return nil, fmt.Errorf("multi-region access point %q in account %s: %w", name, account, ErrNoSuchMRAP)
	}
	if err != nil {
		return nil, c.callError("GetMultiRegionAccessPoint", name, err)
	}
	if ap := mrap.AccessPoint; ap != nil {
		live.Alias = aws.ToString(ap.Alias)
		live.Status = string(ap.Status)
		live.CreatedAt = aws.ToTime(ap.CreatedAt)
		for _, r := range ap.Regions {
			live.Regions = append(live.Regions, RegionBucket{Region: aws.ToString(r.Region), Bucket: aws.ToString(r.Bucket), BucketAccountID: aws.ToString(r.BucketAccountId)})
		}
		on := func(b *bool) bool { return b == nil || *b }
		p := ap.PublicAccessBlock
		if p == nil {
			p = new(types.PublicAccessBlockConfiguration)
		}
		live.PublicAccessBlock = PublicAccessBlock{
			BlockPublicAcls:       on(p.BlockPublicAcls),
			IgnorePublicAcls:      on(p.IgnorePublicAcls),
			BlockPublicPolicy:     on(p.BlockPublicPolicy),
			RestrictPublicBuckets: on(p.RestrictPublicBuckets),
		}
	}

	var pol *s3control.GetMultiRegionAccessPointPolicyOutput
	err = c.call(ctx, func(ctx context.Context) (err error) {
		pol, err = c.api.GetMultiRegionAccessPointPolicy(ctx, &s3control.GetMultiRegionAccessPointPolicyInput{AccountId: &account, Name: &name})
		return err
	})
	switch {
	case hasCode(err, codeNoSuchMRAPPolicy):
		return live, nil
	case hasCode(err, codeNoSuchMRAP):
		// Deleted between the two calls.
		return nil, fmt.Errorf("multi-region access point %q in account %s: %w", name, account, ErrNoSuchMRAP)
	case err != nil:
		return nil, c.callError("GetMultiRegionAccessPointPolicy", name, err)
	}
	if doc := pol.Policy; doc != nil {
		if e := doc.Established; e != nil && aws.ToString(e.Policy) != "" {
			live.HasPolicy, live.Established = true, *e.Policy
		}
		if p := doc.Proposed; p != nil && aws.ToString(p.Policy) != "" {
			live.HasProposed, live.Proposed = true, *p.Policy
		}
	}
	if !live.HasPolicy {
		return live, nil
	}

	var st *s3control.GetMultiRegionAccessPointPolicyStatusOutput
	err = c.call(ctx, func(ctx context.Context) (err error) {
		st, err = c.api.GetMultiRegionAccessPointPolicyStatus(ctx, &s3control.GetMultiRegionAccessPointPolicyStatusInput{AccountId: &account, Name: &name})
		return err
	})
	switch {
	case hasCode(err, codeNoSuchMRAPPolicy):
	case err != nil:
		return nil, c.callError("GetMultiRegionAccessPointPolicyStatus", name, err)
	case st.Established != nil:
		v := st.Established.IsPublic
		live.IsPublic = &v
	}
	return live, nil
}
