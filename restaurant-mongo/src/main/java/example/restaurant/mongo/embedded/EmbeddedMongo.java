package example.restaurant.mongo.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB-compatible server (mongo-java-server) running in this process on 127.0.0.1: in memory, or durable in one
 * file, where every acknowledged write is on disk before its reply leaves.
 */
public final class EmbeddedMongo implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
  private static final String HOST = "127.0.0.1";

  private final MongoServer server;
  private final Path dataFile;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedMongo(MongoServer server, Path dataFile, int port) {
    this.server = server;
    this.dataFile = dataFile;
    this.port = port;
  }

  /** In memory, on a free port. */
  public static EmbeddedMongo startInMemory() {
    return startInMemory(0);
  }

  /** In memory; port 0 picks a free one. */
  public static EmbeddedMongo startInMemory(int port) {
    return start(new HelloMemoryBackend(), null, port);
  }

  /** Durable in {@code dataFile} (created with its parent directories if missing), on a free port. */
  public static EmbeddedMongo startDurable(Path dataFile) {
    return startDurable(dataFile, 0);
  }

  /** Durable in {@code dataFile}; port 0 picks a free one. */
  public static EmbeddedMongo startDurable(Path dataFile, int port) {
    DurableH2Backend backend = DurableH2Backend.open(dataFile);
    return start(backend, backend.file(), port);
  }

  private static EmbeddedMongo start(MongoBackend backend, Path dataFile, int port) {
    MongoServer server = new MongoServer(backend);
    // On failure bind() shuts the server down, which closes the backend.
    server.bind(HOST, port);
    InetSocketAddress address = server.getLocalAddress();
    EmbeddedMongo mongo = new EmbeddedMongo(server, dataFile, address.getPort());
    log.info("embedded MongoDB-compatible server listening on {} ({})", mongo.connectionString(),
        dataFile == null ? "in memory: data is lost when it stops" : "durable in " + dataFile);
    return mongo;
  }

  /** {@code mongodb://127.0.0.1:PORT}, without a database name. */
  public String connectionString() {
    return "mongodb://" + HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** The store file, or null in memory. */
  public Path dataFile() {
    return dataFile;
  }

  /** Stops listening, lets the connections finish, then flushes and closes the store. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      // shutdown(), not shutdownNow(): nothing may interrupt a thread inside the store's file I/O.
      server.shutdown();
      log.info("embedded MongoDB-compatible server on port {} stopped", port);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedMongo[" + connectionString() + (dataFile == null ? ", in memory]" : ", " + dataFile + "]");
  }
}
