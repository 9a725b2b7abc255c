package escape

import "strings"

// Shell quotes s as one word for a POSIX shell, when it needs quoting: the
// commands mrapguard prints for people to paste (resume a wait, apply a
// saved plan) must run as printed whatever a path or profile holds.
func Shell(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./-_", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
