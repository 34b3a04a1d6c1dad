package example.restaurant.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The database that one test's service processes share, fresh for each test: the embedded durable server in a data
 * directory under {@code target/it-data/<test>/} (hosted by one process, joined by others through its port), or,
 * when {@code MONGODB_URI} is set (environment or system property), a new database with a random name on that
 * server.
 */
public final class TestDatabase {

  private final String test;
  private final Path dataDir;
  private final String uri;
  private final String name;

  private TestDatabase(String test, Path dataDir, String uri, String name) {
    this.test = test;
    this.dataDir = dataDir;
    this.uri = uri;
    this.name = name;
  }

  public static TestDatabase fresh(String test) {
    Optional<String> uri = externalUri();
    if (uri.isPresent()) {
      return new TestDatabase(test, null, uri.get(), "it_" + UUID.randomUUID().toString().replace("-", "")
          .substring(0, 12));
    }
    Path dir = ServiceProcess.moduleDir().resolve("target/it-data").resolve(test);
    deleteRecursively(dir);
    return new TestDatabase(test, dir, null, "restaurant");
  }

  /** MONGODB_URI from the system properties or the environment, if set. */
  public static Optional<String> externalUri() {
    String uri = System.getProperty("MONGODB_URI", System.getenv("MONGODB_URI"));
    return uri == null || uri.isBlank() ? Optional.empty() : Optional.of(uri.strip());
  }

  public boolean embedded() {
    return uri == null;
  }

  public String test() {
    return test;
  }

  /** Where the embedded server keeps its file; null on an external server. */
  public Path dataDir() {
    return dataDir;
  }

  /** The database name the services use. */
  public String name() {
    return name;
  }

  /** For a process that owns the database: it hosts the embedded server (on {@code embeddedPort}, 0 = any). */
  public Launch hosting(int embeddedPort) {
    if (embedded()) {
      return new Launch(
          List.of("--restaurant.embedded.data-dir=" + dataDir.toAbsolutePath(),
              "--restaurant.embedded.port=" + embeddedPort),
          Map.of());
    }
    return external();
  }

  /** For a process that owns the database, the embedded server on any free port. */
  public Launch hosting() {
    return hosting(0);
  }

  /** For a second process on the same database: through the first one's embedded server on {@code embeddedPort}. */
  public Launch joining(int embeddedPort) {
    if (embedded()) {
      return new Launch(List.of(), Map.of("MONGODB_URI", "mongodb://127.0.0.1:" + embeddedPort + "/" + name));
    }
    return external();
  }

  private Launch external() {
    return new Launch(List.of("--spring.mongodb.database=" + name), Map.of("MONGODB_URI", uri));
  }

  /** The command-line arguments and environment variables that point a service process at this database. */
  public record Launch(List<String> args, Map<String, String> env) {}

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not clear " + dir, e);
    }
  }

  @Override
  public String toString() {
    return embedded() ? "the embedded server in " + dataDir : "database " + name + " on MONGODB_URI";
  }
}
