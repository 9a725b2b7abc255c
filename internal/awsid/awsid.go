// Package awsid knows the shape of the AWS identifiers mrapguard handles:
// account IDs, Multi-Region Access Point names and aliases. It is their one
// home, so the command line, the configuration, lint's target and the AWS
// client agree on what is valid. (The emulator keeps its own model.)
//
// The shapes are checked byte by byte rather than with regular
// expressions: compiling those (a name's {1,48}, an alias's {0,57}) was
// start-up time for every command. TestShapesMatchPatterns holds them to
// the patterns.
package awsid

import "strings"

// Account reports whether s is an AWS account ID: 12 digits.
func Account(s string) bool { return len(s) == 12 && all(s, digit) }

// MRAPName reports whether s is a Multi-Region Access Point name: 3-50
// lowercase letters, digits and hyphens, not starting or ending with a
// hyphen.
func MRAPName(s string) bool {
	return len(s) >= 3 && len(s) <= 50 && s[0] != '-' && s[len(s)-1] != '-' &&
		all(s, func(c byte) bool { return lower(c) || digit(c) || c == '-' })
}

// MRAPAlias reports whether s is a Multi-Region Access Point alias, such as
// mfzwi23gnjvgw.mrap: a lowercase letter and up to 57 lowercase letters and
// digits, then .mrap (the form AWS gives aliases, and resource/alias-format
// accepts in ARNs).
func MRAPAlias(s string) bool {
	base, ok := strings.CutSuffix(s, ".mrap")
	return ok && len(base) >= 1 && len(base) <= 58 && lower(base[0]) &&
		all(base, func(c byte) bool { return lower(c) || digit(c) })
}

func digit(c byte) bool { return '0' <= c && c <= '9' }
func lower(c byte) bool { return 'a' <= c && c <= 'z' }

func all(s string, ok func(byte) bool) bool {
	for i := range len(s) {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}
