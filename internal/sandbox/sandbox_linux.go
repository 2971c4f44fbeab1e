package sandbox

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"unsafe"
)

// innerUID is who the command runs as inside the sandbox: not root, so
// that starting it drops every capability.
const innerUID = 1000

// systemPaths are what every command needs from the system: programs,
// libraries and a few settings files. The ones this system lacks are left
// out; symbolic links (such as /bin on merged-/usr systems) are kept as
// links.
var systemPaths = []string{
	"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
	"/etc/hosts", "/etc/nsswitch.conf", "/etc/passwd", "/etc/group",
	"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
	"/etc/localtime", "/etc/protocols", "/etc/services",
}

// devices are bound from the system's /dev into the sandbox's own.
var devices = []string{"null", "zero", "full", "random", "urandom"}

var (
	probeOnce sync.Once
	probeErr  error
)

// Available reports whether commands can be contained on this system, and
// if not, why. It tries once, by starting a sandbox that does nothing.
func Available() error {
	probeOnce.Do(func() {
		scratch, err := os.MkdirTemp("", "sandbox-probe-")
		if err != nil {
			probeErr = err
			return
		}
		defer os.RemoveAll(scratch)
		cmd, err := command(context.Background(), Spec{Scratch: scratch, Dir: "/"})
		if err != nil {
			probeErr = err
			return
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			msg := strings.TrimSpace(string(out))
			if msg == "" {
				msg = err.Error()
			}
			probeErr = fmt.Errorf("this system refuses unprivileged namespaces: %s", msg)
		}
	})
	return probeErr
}

func command(ctx context.Context, spec Spec) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot start a sandbox: %w", err)
	}
	data, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self)
	cmd.Env = []string{specEnv + "=" + string(data)}
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWNET |
			syscall.CLONE_NEWPID | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
		// If this process dies, the sandbox dies with it.
		Pdeathsig: syscall.SIGKILL,
	}
	// Killing the first process of a PID namespace kills all of it.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGKILL) }
	return cmd, nil
}

// Init turns this process into a sandbox's first process if it was started
// as one, and never returns then. Call it first in main and TestMain.
func Init() {
	data, ok := os.LookupEnv(specEnv)
	if !ok || os.Getpid() != 1 {
		return
	}
	var spec Spec
	if err := json.Unmarshal([]byte(data), &spec); err != nil {
		fail(err)
	}
	if err := setUp(spec); err != nil {
		fail(err)
	}
	switch {
	case len(spec.Jobs) > 0:
		os.Exit(runJobs(spec))
	case len(spec.Args) == 0:
		os.Exit(0)
	}
	os.Exit(run(spec, spec.Args, spec.Dir, os.Stdout))
}

// runJobs runs the spec's jobs, Parallel at a time, and writes their
// output to standard output one whole line at a time. Its status is the
// first that is not 0.
func runJobs(spec Spec) int {
	var (
		mu     sync.Mutex
		status int
		wg     sync.WaitGroup
	)
	slots := make(chan struct{}, max(1, spec.Parallel))
	for _, job := range spec.Jobs {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			r, w, err := os.Pipe()
			if err != nil {
				fail(err)
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				copyLines(os.Stdout, r, &mu)
			}()
			code := run(spec, job.Args, job.Dir, w)
			w.Close()
			<-done
			r.Close()
			mu.Lock()
			if status == 0 {
				status = code
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return status
}

// copyLines copies r to w a line at a time, holding mu while it writes one.
func copyLines(w io.Writer, r io.Reader, mu *sync.Mutex) {
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line) < MaxLine {
			line = append(line, chunk[:min(len(chunk), MaxLine-len(line))]...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if len(line) > 0 {
			if line[len(line)-1] != '\n' {
				line = append(line, '\n')
			}
			mu.Lock()
			w.Write(line)
			mu.Unlock()
			line = line[:0]
		}
		if err != nil {
			io.Copy(io.Discard, r)
			return
		}
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "sandbox: %v\n", err)
	os.Exit(125)
}

// setUp builds the sandbox's root in a fresh file system, mounts what the
// spec asks for, brings up loopback and moves into the new root.
func setUp(spec Spec) error {
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("cannot make the mounts private: %w", err)
	}
	root := filepath.Join(spec.Scratch, "root")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}
	if err := syscall.Mount("tmpfs", root, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "mode=0755,size=1m"); err != nil {
		return fmt.Errorf("cannot mount the sandbox's root: %w", err)
	}
	var readOnly []string // mount points to make read-only, inside root
	for _, p := range systemPaths {
		target, err := bind(root, p, p)
		if err != nil {
			return err
		}
		if target != "" {
			readOnly = append(readOnly, target)
		}
	}
	for _, m := range spec.Mounts {
		dest := m.Target
		if dest == "" {
			dest = m.Source
		}
		target, err := bind(root, m.Source, dest)
		if err != nil {
			return err
		}
		if target == "" {
			return fmt.Errorf("cannot mount %s: it does not exist", m.Source)
		}
		if !m.Writable {
			readOnly = append(readOnly, target)
		}
	}
	if o := spec.Overlay; o != nil {
		target := filepath.Join(root, o.Target)
		if err := os.MkdirAll(target, 0o755); err != nil {
			return err
		}
		opts := fmt.Sprintf("lowerdir=%s,upperdir=%s,workdir=%s", o.Lower, o.Upper, o.Work)
		err := syscall.Mount("overlay", target, "overlay", 0, opts+",userxattr")
		if err != nil {
			err = syscall.Mount("overlay", target, "overlay", 0, opts)
		}
		if err != nil {
			return fmt.Errorf("cannot mount an overlay on %s: %w", o.Lower, err)
		}
	}
	if err := makeDev(root); err != nil {
		return err
	}
	proc := filepath.Join(root, "proc")
	if err := os.MkdirAll(proc, 0o555); err != nil {
		return err
	}
	if err := syscall.Mount("proc", proc, "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("cannot mount /proc: %w", err)
	}
	for _, target := range readOnly {
		if err := makeReadOnly(target); err != nil {
			return fmt.Errorf("cannot make %s read-only: %w", strings.TrimPrefix(target, root), err)
		}
	}
	old := filepath.Join(root, ".old")
	if err := os.Mkdir(old, 0o700); err != nil {
		return err
	}
	if err := syscall.Mount("", root, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY|syscall.MS_NOSUID|syscall.MS_NODEV, ""); err != nil {
		return fmt.Errorf("cannot make the sandbox's root read-only: %w", err)
	}
	if err := loopbackUp(); err != nil {
		return fmt.Errorf("cannot bring up loopback: %w", err)
	}
	if err := syscall.PivotRoot(root, old); err != nil {
		return fmt.Errorf("cannot move into the sandbox's root: %w", err)
	}
	if err := os.Chdir("/"); err != nil {
		return err
	}
	if err := syscall.Unmount("/.old", syscall.MNT_DETACH); err != nil {
		return fmt.Errorf("cannot leave the system's root: %w", err)
	}
	return nil
}

// bind mounts src at dest inside root and returns the mount point, or ""
// when src does not exist. A symbolic link is copied as a link.
func bind(root, src, dest string) (string, error) {
	fi, err := os.Lstat(src)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	target := filepath.Join(root, dest)
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return "", err
	}
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		link, err := os.Readlink(src)
		if err != nil {
			return "", err
		}
		return "", os.Symlink(link, target)
	case fi.IsDir():
		err = os.MkdirAll(target, 0o755)
	default:
		var f *os.File
		f, err = os.OpenFile(target, os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			err = f.Close()
		}
	}
	if err != nil {
		return "", err
	}
	if err := syscall.Mount(src, target, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
		return "", fmt.Errorf("cannot mount %s: %w", src, err)
	}
	return target, nil
}

// makeDev gives the sandbox a /dev of its own with a few harmless devices.
func makeDev(root string) error {
	dev := filepath.Join(root, "dev")
	if err := os.MkdirAll(dev, 0o755); err != nil {
		return err
	}
	if err := syscall.Mount("tmpfs", dev, "tmpfs", syscall.MS_NOSUID, "mode=0755,size=64k"); err != nil {
		return fmt.Errorf("cannot mount /dev: %w", err)
	}
	for _, name := range devices {
		if _, err := bind(root, "/dev/"+name, "/dev/"+name); err != nil {
			return err
		}
	}
	for name, link := range map[string]string{"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2"} {
		if err := os.Symlink(link, filepath.Join(dev, name)); err != nil {
			return err
		}
	}
	return syscall.Mount("", dev, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY|syscall.MS_NOSUID, "")
}

// mountAttr is struct mount_attr of mount_setattr(2).
type mountAttr struct {
	attrSet, attrClr, propagation, usernsFD uint64
}

const (
	sysMountSetattr   = 442 // the same number on every architecture
	atRecursive       = 0x8000
	mountAttrRdonly   = 0x1
	atSymlinkNoFollow = 0x100
	atFDCWD           = -100
)

// makeReadOnly makes a mount and every mount below it read-only. It uses
// mount_setattr (Linux 5.12) and falls back to remounting each one.
func makeReadOnly(target string) error {
	path, err := syscall.BytePtrFromString(target)
	if err != nil {
		return err
	}
	attr := mountAttr{attrSet: mountAttrRdonly}
	fd := atFDCWD
	_, _, errno := syscall.Syscall6(sysMountSetattr, uintptr(fd), uintptr(unsafe.Pointer(path)),
		atRecursive|atSymlinkNoFollow, uintptr(unsafe.Pointer(&attr)), unsafe.Sizeof(attr), 0)
	if errno == 0 {
		return nil
	}
	if errno != syscall.ENOSYS {
		return errno
	}
	// Older kernels: remount the top mount, keeping the flags that a
	// mount inherited from the system must keep.
	var st syscall.Statfs_t
	if err := syscall.Statfs(target, &st); err != nil {
		return err
	}
	flags := uintptr(syscall.MS_REMOUNT | syscall.MS_BIND | syscall.MS_RDONLY)
	flags |= uintptr(st.Flags) & (syscall.MS_NOSUID | syscall.MS_NODEV | syscall.MS_NOEXEC | syscall.MS_NOATIME | syscall.MS_NODIRATIME | syscall.MS_RELATIME)
	return syscall.Mount("", target, "", flags, "")
}

// loopbackUp brings up the network namespace's loopback interface, which
// starts down.
func loopbackUp() error {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	var req struct {
		name  [syscall.IFNAMSIZ]byte
		flags uint16
		_     [22]byte
	}
	copy(req.name[:], "lo")
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.SIOCGIFFLAGS, uintptr(unsafe.Pointer(&req))); errno != 0 {
		return errno
	}
	req.flags |= syscall.IFF_UP
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.SIOCSIFFLAGS, uintptr(unsafe.Pointer(&req))); errno != 0 {
		return errno
	}
	return nil
}

// run starts the command in a nested user namespace as an unprivileged
// user, so that it has no capability left to undo the mounts, and waits
// for it. Whatever it leaves running is killed when this process, the
// first of the PID namespace, exits.
func run(spec Spec, args []string, dir string, stdout *os.File) int {
	path, err := lookPath(args[0], spec.Env)
	if err != nil {
		fail(err)
	}
	cmd := exec.Command(path, args[1:]...)
	cmd.Args[0] = args[0]
	cmd.Env = spec.Env
	cmd.Dir = dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:                 syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: innerUID, HostID: 0, Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: innerUID, HostID: 0, Size: 1}},
		GidMappingsEnableSetgroups: false,
		Pdeathsig:                  syscall.SIGKILL,
	}
	if err := cmd.Start(); err != nil {
		fail(fmt.Errorf("cannot start %s: %w", args[0], err))
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	case errors.As(err, &exit):
		return 128 + 9
	}
	fail(err)
	return 125
}

// lookPath finds a command in the PATH of env.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	for _, kv := range env {
		if p, ok := strings.CutPrefix(kv, "PATH="); ok {
			for _, dir := range filepath.SplitList(p) {
				candidate := filepath.Join(dir, name)
				if fi, err := os.Stat(candidate); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
					return candidate, nil
				}
			}
		}
	}
	return "", fmt.Errorf("%s is not in the sandbox's PATH", name)
}
