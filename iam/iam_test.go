package iam

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		p, s string
		fold bool
		want bool
	}{
		{"s3:Get*", "s3:GetObject", false, true},
		{"s3:get*", "s3:GetObject", false, false},
		{"s3:get*", "s3:GetObject", true, true},
		{"*", "", false, true},
		{"a*b*c", "aXbYbZc", false, true},
		{"a*b*c", "aXbYbZ", false, false},
		{"a?c", "abc", false, true},
		{"a?c", "ac", false, false},
		{"a?c", "aéc", false, true},
		{"**", "x", false, true},
		{"/object/*", "/object/key", false, true},
	}
	for _, tt := range tests {
		got := Match(tt.p, tt.s)
		if tt.fold {
			got = MatchFold(tt.p, tt.s)
		}
		if got != tt.want {
			t.Errorf("match(%q, %q, fold %v) = %v, want %v", tt.p, tt.s, tt.fold, got, tt.want)
		}
	}
}

func TestMatchARN(t *testing.T) {
	tests := []struct {
		p, s string
		want bool
	}{
		{"arn:aws:s3::111122223333:accesspoint/*", "arn:aws:s3::111122223333:accesspoint/a.mrap/object/k", true},
		{"arn:aws:s3::*:accesspoint/a.mrap", "arn:aws:s3::111122223333:accesspoint/a.mrap", true},
		// A wildcard does not spill into the next segment.
		{"arn:aws:s3:*:accesspoint/a.mrap", "arn:aws:s3::111122223333:accesspoint/a.mrap", false},
		{"*", "anything", true},
		{"arn:aws:s3", "arn:aws:s3", false},
	}
	for _, tt := range tests {
		if got := MatchARN(tt.p, tt.s); got != tt.want {
			t.Errorf("MatchARN(%q, %q) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		p, q string
		arn  bool
		want Tri
	}{
		{"s3:*", "s3:Get*", false, Yes},
		{"s3:Get*", "s3:GetObject*", false, Yes},
		{"s3:GetObject*", "s3:Get*", false, No},
		{"s3:Get?Acl", "s3:Get*Acl", false, No},
		{"*", "anything*", false, Yes},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/object/*", "arn:aws:s3::111122223333:accesspoint/a.mrap/object/logs/*", true, Yes},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/object/logs/*", "arn:aws:s3::111122223333:accesspoint/a.mrap/object/*", true, No},
		{"arn:aws:s3::*", "arn:aws:s3::111122223333:accesspoint/x", true, Maybe},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap", "arn:aws:s3::*:accesspoint/a.mrap", true, No},
	}
	for _, tt := range tests {
		if got := Covers(tt.p, tt.q, false, tt.arn); got != tt.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", tt.p, tt.q, got, tt.want)
		}
	}
	set := map[string]struct{}{"s3:GetObject": {}, "s3:GetObjectAcl": {}}
	if got := CoveredBy("s3:getobject", set, true, false); got != Yes {
		t.Errorf("CoveredBy(s3:getobject) = %v, want yes", got)
	}
	if got := CoveredBy("s3:PutObject", set, true, false); got != No {
		t.Errorf("CoveredBy(s3:PutObject) = %v, want no", got)
	}
}

func names(as []*Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestCatalog(t *testing.T) {
	c := S3()
	if c.Len() != 180 {
		t.Errorf("S3 catalog has %d actions, want the source's 180", c.Len())
	}
	tests := []struct {
		pattern string
		want    []string
	}{
		{"S3:GetObjectAcl*", []string{"s3:GetObjectAcl"}},
		{"s3:getOBJECT", []string{"s3:GetObject"}},
		{"s3:GetObjectVersion?cl", []string{"s3:GetObjectVersionAcl"}},
		{"s3:ListBucket*", []string{"s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions"}},
		{"s3:ListObjects", nil},
		{"ec2:*", nil},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, names(c.Expand(tt.pattern))); d != "" {
			t.Errorf("Expand(%q) (-want +got):\n%s", tt.pattern, d)
		}
	}
	if n := len(c.Expand("*")); n != 180 {
		t.Errorf("Expand(*) gave %d actions", n)
	}
	if !c.Knows("s3:Get*") || c.Knows("s*:Get*") || c.Knows("ec2:*") || (&Catalog{}).Knows("s3:*") {
		t.Error("Knows: want true only for a literal s3 service")
	}
	if (&Catalog{}).Lookup("s3:GetObject") != nil || len((*Catalog)(nil).Expand("*")) != 0 {
		t.Error("an empty catalog knows actions")
	}
	a := c.Lookup("s3:getobject")
	if a == nil || a.Name != "s3:GetObject" || !a.ViaMRAP || a.Form != FormObject || a.Level != LevelRead {
		t.Fatalf("Lookup(s3:getobject) = %+v", a)
	}
	if !a.Carries("S3:DataAccessPointArn") || !a.Carries("aws:ResourceTag/Team") == a.Carries("aws:resourcetag/*") || a.Carries("s3:max-keys") {
		t.Errorf("s3:GetObject carries: %v", a.ConditionKeys)
	}
	if op := LookupOperation("listobjectsv2"); op == nil || op.Name != "ListObjectsV2" || !op.ViaMRAP || op.Actions[0] != "s3:ListBucket" {
		t.Errorf("LookupOperation(listobjectsv2) = %+v", op)
	}
	if src := CatalogSource(); src.Repo == "" || len(src.SHA256) != 4 {
		t.Errorf("CatalogSource() = %+v", src)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		v    string
		want ActionInfo
		pm   []string
	}{
		{v: "s3:getobject", want: ActionInfo{Service: "s3", Known: true, Name: "s3:GetObject", ViaMRAP: true, Forms: Forms(0).With(FormObject)}},
		{v: "s3:ListBucket*", want: ActionInfo{Service: "s3", Wildcard: true, Known: true, ViaMRAP: true, Forms: Forms(0).With(FormBucket)}},
		{v: "s3:PutBucketPolicy", want: ActionInfo{Service: "s3", Known: true, Name: "s3:PutBucketPolicy"}, pm: []string{"s3:PutBucketPolicy"}},
		{v: "s3:PutObject*", want: ActionInfo{Service: "s3", Wildcard: true, Known: true, ViaMRAP: true, Forms: Forms(0).With(FormObject)},
			pm: []string{"s3:PutObjectAcl", "s3:PutObjectVersionAcl"}},
		{v: "ec2:RunInstances", want: ActionInfo{Service: "ec2"}},
		{v: "GetObject", want: ActionInfo{}},
		{v: ":GetObject", want: ActionInfo{}},
		{v: "*", want: ActionInfo{Wildcard: true, Known: true, ViaMRAP: true, Forms: AllForms}},
	}
	for _, tt := range tests {
		got := S3().Classify(tt.v)
		if tt.want.Name == "" {
			tt.want.Name = tt.v
		}
		tt.want.Value = tt.v
		if tt.v == "*" {
			if pm := got.PermissionsManagement(); len(pm) < 20 || pm[0] != "s3:BypassGovernanceRetention" {
				t.Errorf("Classify(*).PermissionsManagement() = %v", pm)
			}
		} else if d := cmp.Diff(tt.pm, got.PermissionsManagement()); d != "" {
			t.Errorf("Classify(%q).PermissionsManagement() (-want +got):\n%s", tt.v, d)
		}
		got.Matches = nil
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("Classify(%q) (-want +got):\n%s", tt.v, d)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ got, want string }{
		{S3().SuggestAction("s3:PutObjectAclVersion"), "s3:PutObjectVersionAcl"},
		{S3().SuggestAction("s3:GetObjekt"), "s3:GetObject"},
		{S3().SuggestAction("s3:Frobnicate"), ""},
		{SuggestOperator("StringEqual"), "StringEquals"},
		{SuggestOperator("stringequalsifexists"), "StringEqualsIfExists"},
		{SuggestOperator("ForAnyValues:StringLike"), "ForAnyValue:StringLike"},
		{SuggestOperator("a:b:c"), ""},
		{Suggest("Efect", []string{"Effect", "Sid"}), "Effect"},
		{Suggest("Acton", []string{"Action", "Actions"}), "Action"},
		{Suggest("xyz", []string{"Action"}), ""},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	if !NullIfExists("NullIfExists") || !NullIfExists("ForAnyValue:NullIfExists") || NullIfExists("StringEqualsIfExists") {
		t.Error("NullIfExists")
	}
}

func TestOperators(t *testing.T) {
	tests := []struct {
		name string
		want *Operator
	}{
		{"StringEquals", &Operator{Name: "StringEquals", Base: "StringEquals", Family: "String"}},
		{"ForAnyValue:ArnNotLikeIfExists", &Operator{Name: "ForAnyValue:ArnNotLikeIfExists", Base: "ArnNotLike", Family: "ARN", Negated: true, Set: ForAnyValue, IfExists: true}},
		{"ForAllValues:Null", &Operator{Name: "ForAllValues:Null", Base: "Null", Family: "Null", Set: ForAllValues}},
		{"NullIfExists", nil},
		{"stringEquals", nil},
		{"ForAnyValue:ForAllValues:StringEquals", nil},
	}
	for _, tt := range tests {
		got, ok := ParseOperator(tt.name)
		if tt.want == nil {
			if ok {
				t.Errorf("ParseOperator(%s) = %+v, want not an operator", tt.name, got)
			}
			continue
		}
		if d := cmp.Diff(*tt.want, got); d != "" || !ok {
			t.Errorf("ParseOperator(%s) (-want +got):\n%s", tt.name, d)
		}
	}
	n := 0
	for _, b := range BaseOperators() {
		for _, set := range []string{"", ForAllValues, ForAnyValue} {
			for _, sfx := range []string{"", "IfExists"} {
				if _, ok := ParseOperator(set + b + sfx); ok {
					n++
				}
			}
		}
	}
	if n != 27*6-3 {
		t.Errorf("%d operators parse, want %d", n, 27*6-3)
	}
	ip, _ := ParseOperator("IpAddress")
	num, _ := ParseOperator("NumericLessThan")
	if ip.Compares("String") || !ip.Compares("IPAddress") || !num.Compares("Date") || num.Compares("ArrayOfString") {
		t.Error("Compares")
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		name string
		want Key
	}{
		{"aws:principaltag/Team", Key{lookup: "aws:principaltag/*", Name: "aws:PrincipalTag/tag-key", Type: "String", Global: true}},
		{"AWS:SourceVpcArn", Key{lookup: "aws:sourcevpcarn", Name: "aws:SourceVpcArn", Type: "ARN", Global: true}},
		{"s3:max-keys", Key{lookup: "s3:max-keys", Name: "s3:max-keys", Type: "Numeric", Carriers: []string{"s3:listbucket", "s3:listbucketversions"}}},
		{"s3:authType", Key{lookup: "s3:authtype", Name: "s3:authType", Type: "String"}},
	}
	for _, tt := range tests {
		got := LookupKey(tt.name)
		if got == nil {
			t.Errorf("LookupKey(%s) = nil", tt.name)
			continue
		}
		if d := cmp.Diff(tt.want, *got, cmp.AllowUnexported(Key{})); d != "" {
			t.Errorf("LookupKey(%s) (-want +got):\n%s", tt.name, d)
		}
	}
	for _, k := range []string{"aws:PrincipalTag/", "/x", "aws:Nope", ""} {
		if LookupKey(k) != nil {
			t.Errorf("LookupKey(%q) found a key", k)
		}
	}
	mk := LookupKey("s3:max-keys")
	if mk.Applies(S3(), []string{"s3:GetObject"}) || !mk.Applies(S3(), []string{"s3:GetObject", "s3:List*"}) ||
		!mk.Applies(S3(), []string{"ec2:*"}) || !mk.Applies(S3(), nil) {
		t.Error("Applies")
	}
	if !LookupKey("aws:PrincipalOrgPaths").MultiValued() || LookupKey("aws:PrincipalOrgID").MultiValued() {
		t.Error("MultiValued")
	}
}

func TestResourceForms(t *testing.T) {
	obj, bkt := Forms(0).With(FormObject), Forms(0).With(FormBucket)
	tests := []struct {
		r    string
		want Forms
	}{
		{"*", AllForms},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap", bkt},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/object/*", obj},
		{"arn:aws:s3::111122223333:accesspoint/*", AllForms},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/*", obj},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/object/", 0},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/objects", 0},
		{"arn:aws:s3:us-east-1:111122223333:accesspoint/ap", 0},
		{"arn:aws:s3:::bucket/*", 0},
		{"arn:aws-cn:s3::111122223333:accesspoint/a.mrap", bkt},
		{"arn:awz:s3::111122223333:accesspoint/a.mrap", 0},
	}
	for _, tt := range tests {
		if got := ResourceForms(tt.r); got != tt.want {
			t.Errorf("ResourceForms(%q) = %v, want %v", tt.r, got.List(), tt.want.List())
		}
	}
	m, ok := ParseMRAPARN("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/a:b")
	if !ok || m.Account != "111122223333" || m.Alias != "mfzwi23gnjvgw.mrap" || m.Suffix != "/object/a:b" || !m.Concrete() {
		t.Errorf("ParseMRAPARN = %+v, %v", m, ok)
	}
	for p, want := range map[string]bool{"aws": true, "aws-cn": true, "aws-us-gov": true, "aws-": false, "awsx": false, "aws-US": false} {
		if ValidPartition(p) != want {
			t.Errorf("ValidPartition(%q) != %v", p, want)
		}
	}
}

func TestPrincipalProblem(t *testing.T) {
	tests := []struct{ typ, v, want string }{
		{"AWS", "*", ""},
		{"AWS", "111122223333", ""},
		{"AWS", "arn:aws:iam::111122223333:role/app", ""},
		{"AWS", "arn:aws:sts::111122223333:assumed-role/r/s", ""},
		{"AWS", "AROAEXAMPLEEXAMPLE1", ""},
		{"AWS", "<account>", "it looks like a placeholder"},
		{"AWS", "1111", "an account ID has exactly 12 digits"},
		{"AWS", "arn:aws:iam::*:root", `wildcards are not allowed inside a principal ARN; use "*" alone with a condition`},
		{"AWS", "arn:aws:iam::111122223333", "it is not a complete ARN (arn:aws:iam::ACCOUNT:TYPE/NAME)"},
		{"AWS", "arn:aws:s3::111122223333:x", `service "s3" cannot be a principal; use iam or sts`},
		{"AWS", "arn:aws:iam::111122223333:group/admins", "an IAM group cannot be a principal; name its users or a role"},
		{"AWS", "arn:aws:iam::111122223333:admin", `"admin" has no resource type: use root, user/NAME or role/NAME`},
		{"AWS", "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1", ""},
		{"AWS", "alice", `it is neither "*", a 12-digit account ID nor an IAM or STS ARN`},
		{"Service", "cloudfront.amazonaws.com", ""},
		{"Service", "*", ""},
		{"Service", "s3.*", "wildcards are not allowed in a service principal"},
		{"Service", "cloudfront", "a service principal is a service's DNS name, such as cloudfront.amazonaws.com"},
		{"Federated", "accounts.google.com", ""},
		{"Federated", "arn:aws:iam::111122223333:saml-provider/x", ""},
		{"CanonicalUser", strings.Repeat("a", 64), ""},
		{"CanonicalUser", "abc", "a canonical user ID is 64 hexadecimal digits"},
		{"Nope", "x", ""},
	}
	for _, tt := range tests {
		if got := PrincipalProblem(tt.typ, tt.v); got != tt.want {
			t.Errorf("PrincipalProblem(%s, %q) = %q, want %q", tt.typ, tt.v, got, tt.want)
		}
	}
	if PrincipalAccount("arn:aws:iam::111122223333:root") != "111122223333" || PrincipalAccount("*") != "" || PrincipalAccount("444455556666") != "444455556666" {
		t.Error("PrincipalAccount")
	}
}

func TestValueProblem(t *testing.T) {
	op := func(s string) Operator {
		o, ok := ParseOperator(s)
		if !ok {
			t.Fatalf("operator %s", s)
		}
		return o
	}
	tests := []struct {
		op, v string
		kind  ValueKind
		want  string
	}{
		{"Bool", "true", StringValue, ""},
		{"Bool", "TRUE", StringValue, ""},
		{"Bool", "true", BoolValue, ""},
		{"Bool", "yes", StringValue, `Bool takes true or false, not "yes"`},
		{"Null", "1", NumberValue, "Null takes true or false, not 1"},
		{"NumericLessThan", "10", NumberValue, ""},
		{"NumericLessThan", "1e3", NumberValue, ""},
		{"NumericLessThan", "-1.5", StringValue, ""},
		{"NumericLessThan", "ten", StringValue, `NumericLessThan takes a number, not "ten"`},
		{"DateGreaterThan", "2026-01-31T00:00:00Z", StringValue, ""},
		{"DateGreaterThan", "1700000000", StringValue, ""},
		{"DateGreaterThan", "2026-13-01", StringValue, `DateGreaterThan takes an ISO 8601 date (2026-01-31T00:00:00Z) or epoch seconds, not "2026-13-01"`},
		{"IpAddress", "203.0.113.0/24", StringValue, ""},
		{"IpAddress", "2001:db8::/32", StringValue, ""},
		{"IpAddress", "2001:db8::1::2", StringValue, `IpAddress takes an IPv4 or IPv6 address or CIDR block, not "2001:db8::1::2"`},
		{"NotIpAddress", "203.0.113.0/33", StringValue, `NotIpAddress takes an IPv4 or IPv6 address or CIDR block, not "203.0.113.0/33"`},
		{"ArnLike", "*", StringValue, ""},
		{"ArnEquals", "arn:aws:iam::111122223333:role/x", StringValue, ""},
		{"ArnEquals", "role/x", StringValue, `ArnEquals takes an ARN, not "role/x"`},
		{"BinaryEquals", "QmluYXJ5", StringValue, ""},
		{"BinaryEquals", "not base64!", StringValue, `BinaryEquals takes base64-encoded bytes, not "not base64!"`},
		{"IpAddress", "${aws:SourceIp}", StringValue, ""},
		{"StringEquals", "anything", NumberValue, ""},
	}
	for _, tt := range tests {
		if got := ValueProblem(op(tt.op), tt.v, tt.kind); got != tt.want {
			t.Errorf("ValueProblem(%s, %q) = %q, want %q", tt.op, tt.v, got, tt.want)
		}
	}
	if b, ok := ParseBool("False", StringValue); b || !ok {
		t.Error("ParseBool(False)")
	}
}

func TestPinsCaller(t *testing.T) {
	tests := []struct {
		op, key string
		values  []string
		pins    bool
		why     string
	}{
		{"StringEquals", "aws:PrincipalOrgID", []string{"o-a1b2c3d4e5"}, true, "StringEquals on aws:PrincipalOrgID names a fixed organization ID"},
		{"ForAnyValue:StringLike", "aws:PrincipalOrgPaths", []string{"o-a1b2c3d4e5/r-ab12/*"}, true, ""},
		{"ArnLike", "aws:PrincipalArn", []string{"arn:aws:iam::111122223333:role/*"}, true, ""},
		{"StringNotEquals", "aws:PrincipalOrgID", []string{"o-a1b2c3d4e5"}, false, "StringNotEquals on aws:PrincipalOrgID is negated, so it matches every caller except the values listed"},
		{"StringEqualsIfExists", "aws:SourceVpce", []string{"vpce-1a2b3c4d"}, false, "StringEqualsIfExists lets requests without aws:SourceVpce through"},
		{"ForAllValues:StringEquals", "aws:PrincipalOrgPaths", []string{"o-a1b2c3d4e5/"}, false, "ForAllValues:StringEquals on aws:PrincipalOrgPaths is true when the request has no aws:PrincipalOrgPaths"},
		{"ArnLike", "aws:SourceArn", []string{"arn:aws:iam::*:role/x"}, false, `the aws:SourceArn value "arn:aws:iam::*:role/x" has a wildcard account`},
		{"ArnLike", "aws:SourceArn", []string{"arn:aws:s3:::*"}, false, `the aws:SourceArn value "arn:aws:s3:::*" is not a fixed ARN`},
		{"ArnEquals", "aws:SourceArn", []string{"arn:aws:s3:::bucket"}, true, ""},
		{"StringLike", "aws:PrincipalAccount", []string{"1111*"}, false, `the aws:PrincipalAccount value "1111*" is not a fixed account ID`},
		{"StringEquals", "aws:PrincipalOrgID", nil, false, `the aws:PrincipalOrgID value  is not a fixed organization ID`},
		{"StringLike", "aws:Referer", []string{"https://example.com/*"}, false, "aws:Referer is set by the caller and can be forged"},
		{"Bool", "aws:SecureTransport", []string{"true"}, false, "aws:SecureTransport only requires TLS, which any caller can use"},
		{"IpAddress", "aws:SourceIp", []string{"203.0.113.0/24"}, false, "aws:SourceIp limits the network a request comes from, not who sends it"},
		{"StringEquals", "s3:prefix", []string{"home/"}, false, "s3:prefix does not identify the caller"},
		{"StringEqual", "aws:PrincipalOrgID", []string{"o-a1b2c3d4e5"}, false, `the aws:PrincipalOrgID value "o-a1b2c3d4e5" is not a fixed organization ID`},
	}
	for _, tt := range tests {
		pins, why := PinsCaller(tt.op, tt.key, tt.values)
		if pins != tt.pins || tt.why != "" && why != tt.why {
			t.Errorf("PinsCaller(%s, %s, %q) = %v, %q; want %v, %q", tt.op, tt.key, tt.values, pins, why, tt.pins, tt.why)
		}
	}
	for key, want := range map[string]KeyRole{"aws:PrincipalOrgID": RolePinsCaller, "AWS:Referer": RoleCallerControlled, "aws:UserAgent": RoleCallerControlled,
		"aws:SourceIp": RoleNetwork, "aws:SecureTransport": RoleTransport, "s3:prefix": RoleOther} {
		if got := Role(key); got != want {
			t.Errorf("Role(%s) = %v, want %v", key, got, want)
		}
	}
}
