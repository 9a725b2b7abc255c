package apply

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/s3control"
)

// API is the part of S3 Control that mrapguard uses. *s3control.Client
// satisfies it; tests and the orchestration layer use fakes.
type API interface {
	GetMultiRegionAccessPoint(ctx context.Context, params *s3control.GetMultiRegionAccessPointInput, optFns ...func(*s3control.Options)) (*s3control.GetMultiRegionAccessPointOutput, error)
	GetMultiRegionAccessPointPolicy(ctx context.Context, params *s3control.GetMultiRegionAccessPointPolicyInput, optFns ...func(*s3control.Options)) (*s3control.GetMultiRegionAccessPointPolicyOutput, error)
	GetMultiRegionAccessPointPolicyStatus(ctx context.Context, params *s3control.GetMultiRegionAccessPointPolicyStatusInput, optFns ...func(*s3control.Options)) (*s3control.GetMultiRegionAccessPointPolicyStatusOutput, error)
	PutMultiRegionAccessPointPolicy(ctx context.Context, params *s3control.PutMultiRegionAccessPointPolicyInput, optFns ...func(*s3control.Options)) (*s3control.PutMultiRegionAccessPointPolicyOutput, error)
	DescribeMultiRegionAccessPointOperation(ctx context.Context, params *s3control.DescribeMultiRegionAccessPointOperationInput, optFns ...func(*s3control.Options)) (*s3control.DescribeMultiRegionAccessPointOperationOutput, error)
}

var _ API = (*s3control.Client)(nil)
