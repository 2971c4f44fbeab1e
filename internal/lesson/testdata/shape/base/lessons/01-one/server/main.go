package main

func main() {
	// TODO(step 1): listen.
	// TODO(step 2): say so.
}
