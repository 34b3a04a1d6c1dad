// Command ferretdb starts FerretDB v1 with its SQLite backend as a separate process on a loopback port, so that
// the project's tests can run against a second, independently written MongoDB-compatible server (see
// docs/compatibility.md and scripts/ferretdb.sh).
//
// FerretDB's own cmd/ferretdb cannot be built from the module proxy (it panics at start on the generated
// build/version/version.txt that only its Taskfile writes), so this starts the embeddable package instead.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on (keep it on loopback)")
	dir := flag.String("sqlite-dir", "target/ferretdb/data", "directory holding the SQLite files (one per database); created if missing")
	flag.StringVar(dir, "state-dir", *dir, "alias of -sqlite-dir")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fail("cannot create %s: %v", *dir, err)
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail("bad directory %s: %v", *dir, err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL(abs),
	})
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// MongoDBURI waits for the listener, so printing it doubles as "ready".
	fmt.Fprintf(os.Stderr, "ferretdb: listening, data in %s, uri %s\n", abs, f.MongoDBURI())

	// Run closes the listener, every connection and the SQLite pools (checkpointing the WAL) before it returns.
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		fail("FerretDB stopped: %v", err)
	}
	fmt.Fprintln(os.Stderr, "ferretdb: stopped")
}

// sqliteURL builds the directory URI for FerretDB's SQLite backend. FerretDB itself adds busy_timeout(10000),
// journal_mode(wal) and auto_vacuum(none); synchronous(full) is SQLite's compiled-in default in modernc.org/sqlite,
// set here explicitly so that an acknowledged write has had its WAL frame fsynced.
func sqliteURL(dir string) string {
	q := url.Values{}
	q.Add("_pragma", "synchronous(full)")
	u := url.URL{Scheme: "file", Opaque: filepath.ToSlash(dir) + "/", RawQuery: q.Encode()}
	return u.String()
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(1)
}
