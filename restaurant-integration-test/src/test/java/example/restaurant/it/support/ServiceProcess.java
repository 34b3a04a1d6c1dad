package example.restaurant.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service (the real executable jar) running in a JVM of its own on a free loopback port, with its
 * output in {@code target/it-logs/<name>.log}. {@link #kill()} is a kill -9; {@link #restart()} starts it again
 * with the same arguments, i.e. on the same data. Whatever is still running when the test JVM exits is killed.
 */
public final class ServiceProcess implements AutoCloseable {

  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
  }

  private final String name;
  private final List<String> args;
  private final Map<String, String> env;
  private final Path logFile;
  private Process process;
  private int port;

  private ServiceProcess(String name, List<String> args, Map<String, String> env) {
    this.name = name;
    this.args = List.copyOf(args);
    this.env = Map.copyOf(env);
    this.logFile = moduleDir().resolve("target/it-logs").resolve(name + ".log");
  }

  /** Starts the service on the given database and waits until its health is UP. */
  public static ServiceProcess start(String name, TestDatabase.Launch database, String... extraArgs) {
    ServiceProcess service = launch(name, database, extraArgs);
    service.awaitUp();
    return service;
  }

  /** Starts the service without waiting for it; {@link #awaitUp()} then waits until its health is UP. */
  public static ServiceProcess launch(String name, TestDatabase.Launch database, String... extraArgs) {
    List<String> args = new ArrayList<>(database.args());
    args.addAll(List.of(extraArgs));
    ServiceProcess service = new ServiceProcess(name, args, database.env());
    try {
      Files.createDirectories(service.logFile.getParent());
      Files.deleteIfExists(service.logFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    service.launch();
    return service;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  public Http http() {
    return new Http(port);
  }

  /** kill -9: no shutdown hook, no flush, no lease released. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(15));
  }

  /** A graceful stop (SIGTERM), a kill -9 if it takes longer than 20 s. */
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitFor(Duration.ofSeconds(20))) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(15));
    }
    RUNNING.remove(process);
  }

  /** Stops it if it still runs, then starts it again with the same arguments (same data), on a new port. */
  public void restart() {
    stop();
    launch();
    awaitUp();
  }

  @Override
  public void close() {
    stop();
  }

  private void launch() {
    port = freePort();
    List<String> command = new ArrayList<>(List.of(
        // C1 only and the serial collector: these JVMs live for a minute on two cores, where starting fast matters
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-jar", executableJar().toString(),
        "--server.address=127.0.0.1", "--server.port=" + port));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(moduleDir().resolve("target").toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    // the child must see this test's database only, whatever the developer's shell exports
    builder.environment().remove("MONGODB_URI");
    builder.environment().remove("RESTAURANT_EMBEDDED_DATA_DIR");
    builder.environment().putAll(env);
    try {
      Files.writeString(logFile, "=== " + Instant.now() + " starting " + name + " on port " + port + ": "
          + String.join(" ", command.subList(1, command.size())) + System.lineSeparator(), StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
    RUNNING.add(process);
  }

  /** Waits (at most {@link #START_TIMEOUT}) until GET /actuator/health answers 200 UP; kills it if it never does. */
  public void awaitUp() {
    Http http = new Http(port, Duration.ofSeconds(2));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; log "
            + logFile + ":\n" + tail());
      }
      try {
        Http.Response health = http.get("/actuator/health");
        if (health.status() == 200 && "UP".equals(health.json().get("status").asString())) {
          return;
        }
        last = health.toString();
      } catch (UncheckedIOException notYet) {
        last = notYet.getCause().toString();
      }
      sleep(Duration.ofMillis(250));
    }
    kill();
    throw new IllegalStateException(name + " was not UP within " + START_TIMEOUT + " (last: " + last + "); log "
        + logFile + ":\n" + tail());
  }

  private void awaitExit(Duration timeout) {
    if (!waitFor(timeout)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit within " + timeout);
    }
    RUNNING.remove(process);
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of the log, for failure messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Waits until something accepts connections on 127.0.0.1:{@code port}. */
  public static void awaitPort(int port, Duration limit) {
    Await.until(limit, "127.0.0.1:" + port + " accepts connections", () -> {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return true;
      } catch (IOException notYet) {
        return false;
      }
    });
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This module's directory (failsafe runs in it and says so in {@code basedir}). */
  static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  }

  static Path executableJar() {
    Path target = moduleDir().resolve("../restaurant-api/target").normalize();
    List<Path> jars = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> found = Files.newDirectoryStream(target, "restaurant-api-*-exec.jar")) {
        found.forEach(jars::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (jars.size() != 1) {
      throw new IllegalStateException("expected exactly one executable jar restaurant-api-*-exec.jar in " + target
          + " but found " + jars + "; build it first: ./mvnw -B install -DskipTests (or run ./mvnw verify from the"
          + " root so that restaurant-api is packaged before this module)");
    }
    return jars.getFirst();
  }

  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + (process == null ? "-" : process.pid()) + ", port " + port + "]";
  }
}
