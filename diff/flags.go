package diff

import "github.com/mrapguard/mrapguard/iam"

// flags record what a change does to access: somebody may gain access
// (grows), somebody may lose access (shrinks), or the model cannot tell
// (unknown). A change can set several. Reversing a diff swaps grows and
// shrinks and keeps unknown, which the mirror property test checks.
type flags uint8

const (
	growsF flags = 1 << iota
	shrinksF
	unknownF
)

func (f flags) mirror() flags {
	g := f & unknownF
	if f&growsF != 0 {
		g |= shrinksF
	}
	if f&shrinksF != 0 {
		g |= growsF
	}
	return g
}

// access is the verdict: any gain broadens, whatever else happens.
func (f flags) access() Access {
	switch {
	case f&growsF != 0:
		return Broadens
	case f&unknownF != 0:
		return Unknown
	case f&shrinksF != 0:
		return Narrows
	}
	return Neutral
}

// scope changes are phrased about the set of requests a statement matches;
// polarity turns them into access changes: a larger Allow grants more, a
// larger Deny grants less, and a statement whose Effect is neither cannot be
// judged.
func polarity(effect string, scope flags) flags {
	switch effect {
	case "Allow":
		return scope
	case "Deny":
		return scope.mirror()
	}
	if scope != 0 {
		return unknownF
	}
	return 0
}

// fromTri turns "is the new scope within the old one" (within) and "is the
// old scope within the new one" (covers) into scope flags.
func fromTri(within, covers iam.Tri) flags {
	var f flags
	switch within {
	case iam.No:
		f |= growsF
	case iam.Maybe:
		f |= unknownF
	}
	switch covers {
	case iam.No:
		f |= shrinksF
	case iam.Maybe:
		f |= unknownF
	}
	return f
}
