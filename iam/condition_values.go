package iam

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// What IAM makes of a condition entry beyond the type of its values: the
// values that cannot mean what they seem (a private address on
// aws:SourceIp, host bits in a CIDR block, a malformed VPC endpoint ID),
// the values another value already covers, the keys that are better
// tested together, or that a resource policy cannot usefully test. IAM
// Access Analyzer's policy checks ask the same questions; lint reports the
// answers (the condition/* rules).

// ipValue parses an IP condition value as ValueProblem accepts it (an
// address or a CIDR block) into a prefix: an address is a /32 or /128.
func ipValue(v string) (netip.Prefix, bool) {
	if !validIP(v) {
		return netip.Prefix{}, false
	}
	if strings.Contains(v, "/") {
		p, err := netip.ParsePrefix(v)
		return p, err == nil
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// PrivateIP reports whether the IP condition value v lies wholly within a
// private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16; RFC
// 4193: fc00::/7). aws:SourceIp never holds such an address: a request
// from a private network reaches S3 through a VPC endpoint, and then
// aws:VpcSourceIp carries its address. ok is false when v is not an
// address or a block.
func PrivateIP(v string) (private, ok bool) {
	p, ok := ipValue(v)
	if !ok {
		return false, false
	}
	a := p.Masked().Addr()
	if !a.IsPrivate() {
		return false, true
	}
	need := 7 // fc00::/7
	if a.Is4() {
		switch a.As4()[0] {
		case 10:
			need = 8
		case 172:
			need = 12
		default:
			need = 16
		}
	}
	return p.Bits() >= need, true
}

// MaskedIP returns the CIDR block v with the bits after its prefix length
// cleared ("203.0.113.0/24" for "203.0.113.7/24") when v has some set, and
// "" otherwise: IAM ignores those bits, so the block is wider than the
// address written suggests.
func MaskedIP(v string) string {
	p, ok := ipValue(v)
	if !ok || !strings.Contains(v, "/") {
		return ""
	}
	if m := p.Masked(); m.Addr() != p.Addr() {
		return m.String()
	}
	return ""
}

// ipCovers reports whether the IP condition value a holds every address
// of b.
func ipCovers(a, b string) bool {
	pa, ok1 := ipValue(a)
	pb, ok2 := ipValue(b)
	return ok1 && ok2 && pa.Addr().Is4() == pb.Addr().Is4() && pa.Bits() <= pb.Bits() && pa.Masked().Contains(pb.Addr())
}

// ValueFormat returns why the condition value v cannot be a value of the
// key (any case), or "" when it can: a VPC or VPC endpoint ID, a Region
// code, a KMS key ARN, a service principal, an account or organization ID
// each have one shape, and a value of another shape never matches. Values
// that are not fixed (a pattern, a policy variable) and keys without a
// shape have no problem.
func ValueFormat(key, v string) string {
	if !Fixed(v) {
		return ""
	}
	switch strings.ToLower(key) {
	case "aws:sourcevpc", "aws:ec2instancesourcevpc":
		if !resourceID(v, "vpc") {
			return fmt.Sprintf("%q is not a VPC ID (vpc- and 8 or 17 lower-case letters and digits)", v)
		}
	case "aws:sourcevpce":
		if !resourceID(v, "vpce") {
			return fmt.Sprintf("%q is not a VPC endpoint ID (vpce- and 8 or 17 lower-case letters and digits)", v)
		}
	case "aws:requestedregion", "s3:destinationregion":
		if !regionCode(v) {
			return fmt.Sprintf("%q is not a Region code such as us-east-1", v)
		}
	case "s3:x-amz-server-side-encryption-aws-kms-key-id":
		if !kmsKeyARN(v) {
			return fmt.Sprintf("%q is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), the form S3 compares", v)
		}
	case "aws:principalservicename", "aws:principalservicenameslist", "aws:calledvia", "aws:calledviafirst", "aws:calledvialast":
		if !servicePrincipal(v) {
			return fmt.Sprintf("%q is not a service principal such as cloudfront.amazonaws.com", v)
		}
	case "aws:sourceaccount", "aws:principalaccount", "aws:resourceaccount", "s3:resourceaccount", "s3:dataaccesspointaccount", "aws:vpceaccount":
		if !awsid.Account(v) {
			return fmt.Sprintf("%q is not an account ID (12 digits)", v)
		}
	case "aws:principalorgid", "aws:resourceorgid", "aws:sourceorgid", "aws:vpceorgid":
		if !organizationID(v) {
			return fmt.Sprintf("%q is not an organization ID (o- and 10 to 32 lower-case letters and digits)", v)
		}
	}
	return ""
}

// resourceID: ^PREFIX-([0-9a-z]{8}|[0-9a-z]{17})$ (vpc-, vpce-)
func resourceID(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix+"-")
	return ok && (len(rest) == 8 || len(rest) == 17) && all(rest, isLowerAlnum)
}

// regionCode: ^[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}$
func regionCode(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 {
		return false
	}
	first, last := parts[0], parts[len(parts)-1]
	if len(first) < 2 || len(first) > 4 || !all(first, isLower) || len(last) > 2 || !digits(last) {
		return false
	}
	for _, p := range parts[1 : len(parts)-1] {
		if p == "" || !all(p, isLower) {
			return false
		}
	}
	return true
}

// kmsKeyARN: arn:PARTITION:kms:REGION:ACCOUNT:key/ID with a valid
// partition, a Region code, a 12-digit account and a key ID.
func kmsKeyARN(s string) bool {
	a, ok := ParseARN(s)
	if !ok || !ValidPartition(a.Partition) || a.Service != "kms" || !regionCode(a.Region) || !awsid.Account(a.Account) {
		return false
	}
	id, ok := strings.CutPrefix(a.Resource, "key/")
	return ok && nonEmptyLine(id) && !strings.Contains(id, "/")
}

// EpochDate reports whether v, a value of a Date operator on key, is
// written as epoch seconds for a key other than aws:EpochTime: IAM reads
// it, but AWS recommends an ISO 8601 date, which says which moment it is.
func EpochDate(key, v string) bool {
	return digits(v) && !strings.EqualFold(key, "aws:EpochTime")
}

// LiteralWildcard reports whether v holds * or ? outside policy variables
// (${*} and ${?} stand for the characters themselves).
func LiteralWildcard(v string) bool {
	for {
		i := strings.IndexAny(v, "*?$")
		if i < 0 {
			return false
		}
		if v[i] != '$' {
			return true
		}
		rest := v[i+1:]
		if !strings.HasPrefix(rest, "{") {
			v = rest
			continue
		}
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			return HasWildcard(rest)
		}
		v = rest[j+1:]
	}
}

// Likes reports whether the operator matches values as patterns: the
// StringLike family, and every ARN operator (ArnEquals matches like
// ArnLike).
func (o Operator) Likes() bool {
	return o.Family == "ARN" || o.Family == "String" && strings.Contains(o.Base, "Like")
}

// TextOnTypedKey reports whether o compares as text a key IAM types as a
// number, a date, a boolean or an IP address: then "1.2" and "1.20", two
// spellings of one date, or an address and the block that holds it
// differ, so the condition may not match what it seems to.
func (o Operator) TextOnTypedKey(typ string) bool {
	switch strings.TrimPrefix(typ, "ArrayOf") {
	case "Numeric", "Date", "Bool", "IPAddress":
		return o.Family == "String"
	}
	return false
}

// Presence is what a condition entry tests when one of its values is the
// bare wildcard "*" under an operator that matches patterns: only whether
// the request carries the key, or nothing at all.
type Presence uint8

const (
	PresenceNone    Presence = iota // not a presence test
	PresencePresent                 // true when the key is present: Null false
	PresenceAbsent                  // true when the key is absent: Null true
	PresenceAlways                  // true for every request
	PresenceNever                   // true for no request
)

func (p Presence) String() string {
	return [...]string{"", "present", "absent", "always", "never"}[p]
}

// PresenceTest returns what the entry (o, values) tests when a value is
// "*" under a pattern operator (Likes); PresenceNone otherwise. A present
// key matches "*", so a positive operator is true exactly when the key is
// there and a negated one exactly when it is not, except as IfExists and
// the set operators change the absent case.
func PresenceTest(o Operator, values []string) Presence {
	if !o.Likes() {
		return PresenceNone
	}
	star := false
	for _, v := range values {
		star = star || v == "*"
	}
	if !star {
		return PresenceNone
	}
	// A present key: positive true, negated false (ForAnyValue:,
	// ForAllValues: and plain alike, for a key with at least one value).
	present := !o.Negated
	absent := AbsentKey(o.Name, nil) == Yes
	switch {
	case present && absent:
		return PresenceAlways
	case present:
		return PresencePresent
	case absent:
		return PresenceAbsent
	}
	return PresenceNever
}

// PairedKeys returns the keys of which an Allow should test one alongside
// the key (any case) with these values, and why, or nil: alone, the key
// lets in more than it seems. aws:VpcSourceIp is an address in any VPC,
// anyone's, so it needs aws:SourceVpc or aws:SourceVpce (IAM Access
// Analyzer, MISSING_PAIRED_CONDITION_KEYS); an aws:SourceArn without an
// account, such as an S3 bucket's ARN, names a resource another account
// may hold, so it needs aws:SourceAccount (IAM User Guide, aws:SourceArn).
func PairedKeys(key string, values []string) (keys []string, why string) {
	switch strings.ToLower(key) {
	case "aws:vpcsourceip":
		return []string{"aws:SourceVpc", "aws:SourceVpce"}, "it is an address in any VPC, another account's included"
	case "aws:sourcearn":
		for _, v := range values {
			if a, ok := ParseARN(v); ok && a.Account == "" {
				return []string{"aws:SourceAccount"}, fmt.Sprintf("%q has no account, and a resource of that name may be another account's", v)
			}
		}
	}
	return nil, ""
}

// OwnerKey reports whether the key (any case) is the same in every request
// an MRAP's policy sees: the account that owns the MRAP, or its
// organization. A condition on it is always true or always false there.
func OwnerKey(key string) bool {
	switch strings.ToLower(key) {
	case "aws:resourceaccount", "s3:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths":
		return true
	}
	return false
}

// Tag reports whether the key tests tags (aws:ResourceTag/..., aws:TagKeys,
// s3:ExistingObjectTag/...): requests carry it only for the actions of
// resources that have tags, or that set them. aws:PrincipalTag is the
// caller's and comes with every request.
func (k *Key) Tag() bool {
	switch k.lookup {
	case "aws:principaltag/*":
		return false
	case "aws:tagkeys", "s3:requestobjecttagkeys":
		return true
	}
	return strings.HasSuffix(k.lookup, "/*")
}

// Redundant is a condition value that another value of the same entry
// makes redundant: the entry means the same without it.
type Redundant struct {
	Index int // of the redundant value
	By    int // of the value that covers it
	// Bound: a Numeric bound, covered by a looser one (NumericLessThan 10
	// by NumericLessThan 20).
	Bound bool
}

// RedundantValues returns the values of a condition entry that another of
// its values makes redundant: a value matched by a pattern of the entry
// (StringLike "logs/*" covers "logs/app/*"), a block inside another
// (10.0.0.0/8 holds 10.1.0.0/16), a Numeric bound looser than another,
// a value written twice. values holds the text of each value; "" is one
// that is not a string or a number, and stays out.
func RedundantValues(o Operator, values []string) []Redundant {
	var out []Redundant
	covers := func(a, b string) bool {
		switch {
		case o.Likes():
			// Covers compares the literal prefixes before it allocates.
			return !HasVariable(a) && a != b && Covers(a, b, false, o.Family == "ARN") == Yes
		case o.Family == "IP":
			return a != b && ipCovers(a, b)
		}
		return false
	}
	same := func(a, b string) bool {
		switch {
		case strings.HasSuffix(o.Base, "IgnoreCase"):
			return strings.EqualFold(a, b)
		case o.Family == "Numeric":
			x, err1 := strconv.ParseFloat(a, 64)
			y, err2 := strconv.ParseFloat(b, 64)
			return err1 == nil && err2 == nil && x == y
		}
		return a == b
	}
	if bound := numericBound(o, values); bound >= 0 {
		for j, v := range values {
			if j != bound && v != "" {
				out = append(out, Redundant{Index: j, By: bound, Bound: true})
			}
		}
		return out
	}
	for j, v := range values {
		if v == "" || o.Family == "Bool" {
			continue
		}
		for k, w := range values {
			if k == j || w == "" {
				continue
			}
			// Of two values that cover each other, the later one goes.
			if covers(w, v) && (k < j || !covers(v, w)) || k < j && same(w, v) {
				out = append(out, Redundant{Index: j, By: k})
				break
			}
		}
	}
	return out
}

// numericBound returns the index of the loosest bound of a Numeric less
// than or greater than entry with several numeric values, or -1: one
// request value passes when it passes the loosest, so the others add
// nothing.
func numericBound(o Operator, values []string) int {
	less := strings.HasPrefix(o.Base, "NumericLessThan")
	if !less && !strings.HasPrefix(o.Base, "NumericGreaterThan") {
		return -1
	}
	best, n := -1, 0
	var bestV float64
	for j, v := range values {
		if v == "" {
			continue
		}
		if !decimal(v) {
			return -1
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return -1
		}
		n++
		if best < 0 || less && x > bestV || !less && x < bestV {
			best, bestV = j, x
		}
	}
	if n < 2 {
		return -1
	}
	return best
}

// RetiredKey returns the keys that replace a global condition key AWS no
// longer supports (any case), or "": aws:ARN named either the caller or
// the calling resource, and is now aws:PrincipalArn or aws:SourceArn.
func RetiredKey(key string) string {
	if strings.EqualFold(key, "aws:ARN") {
		return "aws:PrincipalArn or aws:SourceArn"
	}
	return ""
}

// WildcardSpansSegments reports whether the ARN pattern v has a wildcard
// before its resource, in the partition, service, Region or account, or
// has fewer than six fields: under StringLike such a wildcard matches
// across ':' into the next field, where ArnLike matches each field on its
// own. A wildcard in the resource, and the bare "*", match alike under
// both.
func WildcardSpansSegments(v string) bool {
	if v == "*" {
		return false
	}
	colons := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '$':
			if i+1 < len(v) && v[i+1] == '{' {
				if j := strings.IndexByte(v[i:], '}'); j > 0 {
					i += j
				}
			}
		case ':':
			colons++
			if colons == 5 {
				return false
			}
		case '*', '?':
			return true
		}
	}
	return false
}
