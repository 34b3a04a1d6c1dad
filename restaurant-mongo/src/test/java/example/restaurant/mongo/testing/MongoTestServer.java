package example.restaurant.mongo.testing;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The MongoDB-compatible server that the tests of this JVM run against, chosen once:
 *
 * <ul>
 *   <li>{@code MONGODB_URI} (environment or system property) set: that server, e.g. FerretDB or a real MongoDB;
 *   <li>{@code -Dmongo=testcontainers}: MongoDB 8 in a container, or the test is skipped with a clear message when
 *       no Docker engine answers;
 *   <li>otherwise ({@code -Dmongo=embedded}, the default): mongo-java-server in this process, on loopback.
 * </ul>
 *
 * The same test bodies run in every mode; each test class takes a fresh database so that tests never see each
 * other's data.
 */
public final class MongoTestServer {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static volatile MongoTestServer instance;

  private final String mode;
  private final String connectionString;
  private final MongoClient client;

  private MongoTestServer(String mode, String connectionString) {
    this.mode = mode;
    this.connectionString = connectionString;
    this.client = MongoClients.create(connectionString);
  }

  public static MongoTestServer get() {
    MongoTestServer server = instance;
    if (server == null) {
      synchronized (MongoTestServer.class) {
        server = instance;
        if (server == null) {
          server = start();
          instance = server;
        }
      }
    }
    return server;
  }

  private static MongoTestServer start() {
    String uri = System.getProperty("MONGODB_URI", System.getenv("MONGODB_URI"));
    if (uri != null && !uri.isBlank()) {
      return new MongoTestServer("uri", uri);
    }
    String mode = System.getProperty("mongo", "embedded");
    return switch (mode) {
      case "embedded" -> embedded();
      case "testcontainers" -> Testcontainers.start();
      default -> throw new IllegalArgumentException("-Dmongo must be embedded or testcontainers, not " + mode);
    };
  }

  private static MongoTestServer embedded() {
    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
    return new MongoTestServer("embedded", "mongodb://127.0.0.1:" + address.getPort());
  }

  /** Kept apart so that the Testcontainers classes load only in that mode. */
  private static final class Testcontainers {
    static MongoTestServer start() {
      boolean docker;
      try {
        docker = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        docker = false;
      }
      Assumptions.assumeTrue(
          docker,
          "-Dmongo=testcontainers asks for MongoDB in a container, but no Docker engine answers on this machine:"
              + " skipped. Run without -Dmongo (embedded) or with MONGODB_URI instead.");
      var container = new org.testcontainers.mongodb.MongoDBContainer("mongo:8.0").withReplicaSet();
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new MongoTestServer("testcontainers", container.getReplicaSetUrl());
    }
  }

  /**
   * Whether the server applies a conditional update to one document atomically. FerretDB 1.x reads, changes and
   * overwrites the document without isolation (docs/compatibility.md, row 1); it says who it is in buildInfo.
   */
  public boolean atomicSingleDocumentUpdates() {
    org.bson.Document info = client.getDatabase("admin").runCommand(new org.bson.Document("buildInfo", 1));
    return !info.containsKey("ferretdb") && !info.toJson().toLowerCase(java.util.Locale.ROOT).contains("ferretdb");
  }

  /** embedded, uri or testcontainers. */
  public String mode() {
    return mode;
  }

  public String connectionString() {
    return connectionString;
  }

  public MongoClient client() {
    return client;
  }

  /** A database no other test uses. */
  public MongoDatabase freshDatabase() {
    String name = "test_" + DATABASES.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
    return client.getDatabase(name);
  }

  /** The connection string of a database no other test uses, for code that builds its own client. */
  public String freshDatabaseUri() {
    ConnectionString cs = new ConnectionString(connectionString);
    String name = freshDatabase().getName();
    String hosts = String.join(",", cs.getHosts());
    String options = connectionString.contains("?") ? connectionString.substring(connectionString.indexOf('?')) : "";
    String credentials = connectionString.contains("@")
        ? connectionString.substring(connectionString.indexOf("://") + 3, connectionString.indexOf('@') + 1)
        : "";
    return "mongodb://" + credentials + hosts + "/" + name + options;
  }
}
