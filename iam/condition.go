package iam

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// KeyRole is what a condition key tells about a request, for the question
// "who can get in".
type KeyRole uint8

const (
	// RoleOther: the key does not identify the caller (s3:prefix,
	// aws:CurrentTime, aws:PrincipalTag/...).
	RoleOther KeyRole = iota
	// RolePinsCaller: a fixed value names a party the owner can name and
	// the caller cannot choose: an organization, an account, a VPC or VPC
	// endpoint, a source or principal ARN, an access point
	// (aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount,
	// aws:SourceAccount, aws:SourceVpce, aws:SourceVpc, aws:SourceArn,
	// aws:PrincipalArn, s3:DataAccessPointArn, s3:DataAccessPointAccount).
	RolePinsCaller
	// RoleNetwork: the key limits the network a request comes from, not
	// who sends it (aws:SourceIp, aws:VpcSourceIp).
	RoleNetwork
	// RoleCallerControlled: the caller sets the value and can forge it
	// (aws:Referer, aws:UserAgent).
	RoleCallerControlled
	// RoleTransport: any caller can satisfy it (aws:SecureTransport).
	RoleTransport
)

// Role classifies a condition key (any case).
func Role(key string) KeyRole {
	lk := strings.ToLower(key)
	switch {
	case pinKind(lk) != "":
		return RolePinsCaller
	case lk == "aws:sourceip" || lk == "aws:vpcsourceip":
		return RoleNetwork
	case lk == "aws:referer" || lk == "aws:useragent":
		return RoleCallerControlled
	case lk == "aws:securetransport":
		return RoleTransport
	}
	return RoleOther
}

func (r KeyRole) String() string {
	switch r {
	case RolePinsCaller:
		return "pins-caller"
	case RoleNetwork:
		return "network"
	case RoleCallerControlled:
		return "caller-controlled"
	case RoleTransport:
		return "transport"
	}
	return "other"
}

// pinKind is the kind of party a fixed value of a pinning key (lower case)
// names, or "".
func pinKind(lk string) string {
	switch lk {
	case "aws:principalorgid":
		return "organization ID"
	case "aws:principalorgpaths":
		return "organization path"
	case "aws:principalaccount", "aws:sourceaccount", "s3:dataaccesspointaccount":
		return "account ID"
	case "aws:sourcevpce":
		return "VPC endpoint ID"
	case "aws:sourcevpc":
		return "VPC ID"
	case "aws:sourcearn", "aws:principalarn", "s3:dataaccesspointarn":
		return "ARN"
	}
	return ""
}

// fixedAs reports whether v is one fixed value of the kind a pinning key
// names. An ARN is fixed when its account is a 12-digit account ID (the
// resource part may hold wildcards: arn:aws:iam::111122223333:role/*), or
// when it has no account (an S3 bucket's ARN is a global name) and no
// wildcard at all.
func fixedAs(kind, v string) bool {
	switch kind {
	case "account ID":
		return awsid.Account(v)
	case "ARN":
		a, ok := ParseARN(v)
		return ok && (awsid.Account(a.Account) || a.Account == "" && !HasWildcard(v))
	case "organization ID":
		return organizationID(v)
	case "organization path":
		return organizationPath(v)
	case "VPC endpoint ID":
		return prefixedID(v, "vpce")
	case "VPC ID":
		return prefixedID(v, "vpc")
	}
	return false
}

// PinsCaller reports whether one condition entry (operator, key, values)
// pins the caller to parties the owner names, and why or why not, in one
// line. It pins when the operator is positive (no negation, no IfExists, no
// ForAllValues:) and compares strings or ARNs, the key is one of the
// pinning keys (see RolePinsCaller), and every value, at least one, is a
// fixed value of the kind the key names (see fixedAs). An unknown operator
// pins nothing.
func PinsCaller(op, key string, values []string) (bool, string) {
	o, known := ParseOperator(op)
	lk := strings.ToLower(key)
	kind := pinKind(lk)
	if kind != "" && known && o.Positive() && (o.Family == "String" || o.Family == "ARN") && len(values) > 0 {
		fixed := true
		for _, v := range values {
			if !fixedAs(kind, v) {
				fixed = false
				break
			}
		}
		if fixed {
			return true, fmt.Sprintf("%s on %s names a fixed %s", op, key, kind)
		}
	}
	switch {
	case kind != "" && known && o.Negated:
		return false, fmt.Sprintf("%s on %s is negated, so it matches every caller except the values listed", op, key)
	case kind != "" && known && o.IfExists:
		return false, fmt.Sprintf("%s lets requests without %s through", op, key)
	case kind != "" && known && o.Set == ForAllValues:
		return false, fmt.Sprintf("%s on %s is true when the request has no %s", op, key, key)
	case kind == "ARN" && wildcardAccount(values):
		return false, fmt.Sprintf("the %s value %s has a wildcard account", key, quoteValues(values))
	case kind != "":
		return false, fmt.Sprintf("the %s value %s is not a fixed %s", key, quoteValues(values), kind)
	}
	switch Role(lk) {
	case RoleCallerControlled:
		return false, fmt.Sprintf("%s is set by the caller and can be forged", key)
	case RoleTransport:
		return false, "aws:SecureTransport only requires TLS, which any caller can use"
	case RoleNetwork:
		return false, fmt.Sprintf("%s limits the network a request comes from, not who sends it", key)
	}
	return false, fmt.Sprintf("%s does not identify the caller", key)
}

func wildcardAccount(values []string) bool {
	for _, v := range values {
		if a, ok := ParseARN(v); ok && HasWildcard(a.Account) {
			return true
		}
	}
	return false
}

func quoteValues(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// awsPinsCaller reports whether a condition entry makes a statement
// non-public in AWS's judgement (S3 Block Public Access) on top of
// PinsCaller: a set of CIDR blocks on aws:SourceIp (IpAddress, no broader
// than /8 for IPv4 and /32 for IPv6), or fixed values of aws:SourceOwner,
// aws:userid or s3:x-amz-server-side-encryption-aws-kms-key-id with a
// positive String or ARN operator.
func awsPinsCaller(op, key string, values []string) bool {
	o, known := ParseOperator(op)
	if !known || len(values) == 0 || o.IfExists || o.Set == ForAllValues {
		return false
	}
	lk := strings.ToLower(key)
	switch {
	case lk == "aws:sourceip" && o.Base == "IpAddress":
		for _, v := range values {
			if !narrowCIDR(v) {
				return false
			}
		}
		return true
	case lk == "aws:sourceowner" || lk == "aws:userid" || lk == "s3:x-amz-server-side-encryption-aws-kms-key-id":
		if !o.Positive() || (o.Family != "String" && o.Family != "ARN") {
			return false
		}
		for _, v := range values {
			if !Fixed(v) {
				return false
			}
		}
		return true
	}
	return false
}

// narrowCIDR: an address, or a CIDR block no broader than AWS accepts as
// non-public.
func narrowCIDR(v string) bool {
	if a, err := netip.ParseAddr(v); err == nil {
		return a.IsValid()
	}
	p, err := netip.ParsePrefix(v)
	if err != nil {
		return false
	}
	if p.Addr().Is4() {
		return p.Bits() >= 8
	}
	return p.Bits() >= 32
}

// ValueKind is the JSON type of a condition value as written.
type ValueKind uint8

const (
	StringValue ValueKind = iota
	NumberValue
	BoolValue
	NullValue // IAM takes no null; policy/structure reports it
)

// IsPolicyVariable reports whether v is exactly one policy variable
// (${aws:username}), which every operator accepts.
func IsPolicyVariable(v string) bool { return policyVariable(v) }

// ValueProblem returns why the condition value v (its text and JSON type)
// cannot match operator o, or "" when it can. A value that is exactly one
// policy variable is accepted by every operator; String operators accept
// every scalar.
func ValueProblem(o Operator, v string, kind ValueKind) string {
	if kind == StringValue && IsPolicyVariable(v) {
		return ""
	}
	isStr := kind == StringValue
	show := v
	switch kind {
	case StringValue:
		show = fmt.Sprintf("%q", v)
	case NullValue:
		show = "null"
	}
	switch o.Family {
	case "Bool", "Null":
		if !validBool(v, kind) {
			return fmt.Sprintf("%s takes true or false, not %s", o.Family, show)
		}
	case "Numeric":
		if kind == BoolValue || kind == NullValue || isStr && !decimal(v) {
			return fmt.Sprintf("%s takes a number, not %s", o.Base, show)
		}
	case "Date":
		if kind == BoolValue || kind == NullValue || isStr && !digits(v) && !isoDate(v) {
			return fmt.Sprintf("%s takes an ISO 8601 date (2026-01-31T00:00:00Z) or epoch seconds, not %s", o.Base, show)
		}
	case "IP":
		if !isStr || !validIP(v) {
			return fmt.Sprintf("%s takes an IPv4 or IPv6 address or CIDR block, not %s", o.Base, show)
		}
	case "ARN":
		// Every ARN operator accepts wildcards (ArnEquals matches like
		// ArnLike), so a lone "*" is a pattern, not a type error.
		if !isStr || v != "*" && !arnValue(v) {
			return fmt.Sprintf("%s takes an ARN, not %s", o.Base, show)
		}
	case "Binary":
		if !isStr || !base64Value(v) {
			return fmt.Sprintf("%s takes base64-encoded bytes, not %s", o.Base, show)
		}
	}
	return ""
}

func validBool(v string, kind ValueKind) bool {
	switch kind {
	case BoolValue:
		return true
	case StringValue:
		l := strings.ToLower(v)
		return l == "true" || l == "false"
	}
	return false
}

// ParseBool returns the boolean a Bool or Null condition value stands for
// ("true" in any case, or the JSON boolean), and whether it is one.
func ParseBool(v string, kind ValueKind) (value, ok bool) {
	if !validBool(v, kind) {
		return false, false
	}
	return strings.EqualFold(v, "true"), true
}

func validIP(v string) bool {
	if ipv4CIDR(v) {
		return true
	}
	addr, bits, hasBits := strings.Cut(v, "/")
	if !validIPv6(addr) {
		return false
	}
	return !hasBits || smallNumber(bits, 128)
}

func validIPv6(a string) bool {
	if ipv6Full(a) {
		return true
	}
	if !ipv6Compressed(a) || overlapping(a, "::") != 1 {
		return false
	}
	// "::" stands for at least one group of zeros: at most 7 groups are
	// written (a lone "::" at either end counts one colon more).
	groups := strings.Count(a, ":") - 1
	if strings.HasPrefix(a, "::") {
		groups--
	}
	if strings.HasSuffix(a, "::") {
		groups--
	}
	return groups+1 <= 7
}

// overlapping counts the occurrences of sub in s, overlapping ones included.
func overlapping(s, sub string) int {
	n := 0
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			n++
		}
	}
	return n
}
