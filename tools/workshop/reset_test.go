package main

import "testing"

func TestRestoreCommand(t *testing.T) {
	const backup, lessonDir = ".workshop/backups/01-time-server-20261122-101502", "lessons/01-time-server"
	for goos, want := range map[string]string{
		"linux":   `cp -R .workshop/backups/01-time-server-20261122-101502/. lessons/01-time-server/`,
		"darwin":  `cp -R .workshop/backups/01-time-server-20261122-101502/. lessons/01-time-server/`,
		"windows": `Copy-Item -Recurse -Force .workshop\backups\01-time-server-20261122-101502\* lessons\01-time-server\`,
	} {
		if got := restoreCommand(backup, lessonDir, goos); got != want {
			t.Errorf("%s: %s; want %s", goos, got, want)
		}
	}
}
