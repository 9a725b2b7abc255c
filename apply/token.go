package apply

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// NoLivePolicy stands for the live policy's hash when the MRAP has none. It
// cannot be mistaken for a hash (hashes are 64 hex digits).
const NoLivePolicy = "none"

// Token is the ClientToken of the transition of an MRAP's policy from the
// live one to the proposed one, named by their canonical hashes (hex SHA-256
// of canonical JSON; NoLivePolicy when there is none): 64 hex digits of
// SHA-256 over the account, the MRAP name, both hashes and, when attempt > 0,
// the attempt number.
//
// Retrying the same transition gives the same token, so AWS deduplicates a
// put whose response was lost. A different transition gives a different
// token, so A→B→A does not replay the first operation. Returning to a
// transition already made (A→B→A→B) does give a used token: AWS then answers
// with the old operation and changes nothing, which verification notices;
// the retry salts the token with attempt 1, 2, ….
func Token(account, name, liveHash, proposedHash string, attempt int) string {
	h := sha256.New()
	// Length-prefixed fields: no two different inputs share an encoding.
	for _, f := range []string{"mrapguard put-policy v1", account, name, liveHash, proposedHash} {
		fmt.Fprintf(h, "%d:%s\n", len(f), f)
	}
	if attempt > 0 {
		fmt.Fprintf(h, "attempt:%d\n", attempt)
	}
	return hex.EncodeToString(h.Sum(nil))
}
