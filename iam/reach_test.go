package iam

import (
	"strings"
	"testing"
)

func TestResourceReach(t *testing.T) {
	const mrap = "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"
	bucket, object := Forms(0).With(FormBucket), Forms(0).With(FormObject)
	tests := []struct {
		p    string
		want Forms
	}{
		{"*", AllForms},
		{mrap, bucket},
		{mrap + "/object/*", object},
		{mrap + "/object/reports/2026.csv", object},
		{mrap + "*", AllForms},
		{mrap + "/*", object},
		{"arn:aws:s3::111122223333:accesspoint/*", AllForms},
		{"arn:aws:s3::*:accesspoint/*/object/*", object},
		{"arn:aws-cn:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap", bucket},
		{"arn:aws:s3:*", AllForms}, // a wildcard may cross ':'
		{"arn:*", AllForms},
		{"arn:aws:*:*:*:*", AllForms},
		// An object key may end like an MRAP ARN.
		{"arn:aws:s3::*:accesspoint/mfzwi23gnjvgw.mrap", AllForms},
		{"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/${aws:username}/*", object},
		{"arn:aws:s3::${aws:PrincipalAccount}:accesspoint/mfzwi23gnjvgw.mrap", AllForms},
		{"arn:aws:s3::111122223333:accesspoint/m?zwi23gnjvgw.mrap", bucket},
		// Not through an MRAP.
		{"arn:aws:s3:::amzn-s3-demo-bucket/*", 0},
		{"arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/*", 0},
		{"arn:aws:s3::11112222333:accesspoint/mfzwi23gnjvgw.mrap/object/*", 0}, // 11 digits
		{"arn:aws:s3::111122223333:accesspoint/", 0},
		{"arn:aws:s3::111122223333:accesspoint/a:b", 0},
		{"arn:aws:s3::111122223333:accesspoint/my-mrap-x1.mrap/object/*", object}, // moto's aliases have hyphens
		{mrap + "/x*", 0},
		{mrap + "/object", 0},
		{mrap + "/object/", 0},
		{"", 0},
		{"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/" + strings.Repeat("k", 5000), AllForms}, // too long to decide
	}
	for _, tt := range tests {
		if got := ResourceReach(tt.p); got != tt.want {
			t.Errorf("ResourceReach(%q) = %v, want %v", tt.p, got.List(), tt.want.List())
		}
	}
}

func TestAbsentKey(t *testing.T) {
	tests := []struct {
		op     string
		values []string
		want   Tri
	}{
		{"StringEquals", []string{"x"}, No},
		{"StringLike", []string{"*"}, No},
		{"IpAddress", []string{"10.0.0.0/8"}, No},
		{"Bool", []string{"true"}, No},
		{"StringNotEquals", []string{"x"}, Yes},
		{"ArnNotLike", []string{"arn:*"}, Yes},
		{"NotIpAddress", []string{"10.0.0.0/8"}, Yes},
		{"StringEqualsIfExists", []string{"x"}, Yes},
		{"ForAllValues:StringEquals", []string{"x"}, Yes},
		{"ForAnyValue:StringEquals", []string{"x"}, No},
		{"ForAnyValue:StringNotEqualsIfExists", []string{"x"}, Yes},
		{"Null", []string{"true"}, Yes},
		{"Null", []string{"false"}, No},
		{"Null", []string{"false", "TRUE"}, Yes},
		{"Null", []string{"maybe"}, Maybe},
		{"stringequals", []string{"x"}, Maybe},
	}
	for _, tt := range tests {
		if got := AbsentKey(tt.op, tt.values); got != tt.want {
			t.Errorf("AbsentKey(%s, %q) = %v, want %v", tt.op, tt.values, got, tt.want)
		}
	}
}

func TestMayCarry(t *testing.T) {
	get, list := S3().Lookup("s3:GetObject"), S3().Lookup("s3:ListBucket")
	tests := []struct {
		a    *Action
		key  string
		want bool
	}{
		{list, "s3:prefix", true},
		{get, "s3:prefix", false},
		{get, "S3:Prefix", false},
		{get, "s3:x-amz-acl", false},
		{S3().Lookup("s3:PutObject"), "s3:x-amz-acl", true},
		{get, "s3:ExistingObjectTag/team", true},
		{list, "s3:ExistingObjectTag/team", false},
		{get, "aws:PrincipalOrgID", true},
		{get, "aws:SecureTransport", true},
		{get, "s3:signatureversion", true}, // nearly every action
		{get, "s3:no-such-key", true},
	}
	for _, tt := range tests {
		if got := tt.a.MayCarry(tt.key); got != tt.want {
			t.Errorf("%s.MayCarry(%s) = %v, want %v", tt.a.Name, tt.key, got, tt.want)
		}
	}
	if !AlwaysPresent("AWS:SecureTransport") || AlwaysPresent("aws:SourceIp") {
		t.Error("AlwaysPresent: aws:SecureTransport is in every request, aws:SourceIp not (VPC endpoints)")
	}
}
