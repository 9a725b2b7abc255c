package pipeline

// PlanJSON is the json plan format's document, for the tests in
// package pipeline_test.
type PlanJSON = planOutputJSON
