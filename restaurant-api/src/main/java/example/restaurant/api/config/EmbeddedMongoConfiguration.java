package example.restaurant.api.config;

import com.mongodb.ConnectionString;
import example.restaurant.mongo.embedded.EmbeddedMongo;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The one-command default: with no MongoDB configured, a MongoDB-compatible server runs in this process, durable
 * in one file. Boot builds its client, MongoTemplate and health check from the connection details given here.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(MongoUriMissingCondition.class)
class EmbeddedMongoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedMongo embeddedMongo(
      @Value("${restaurant.embedded.mode:durable}") String mode,
      @Value("${restaurant.embedded.data-dir:./data}") Path dataDir,
      // 0 picks a free port; a fixed one lets a second process join this one's server (the multi-instance tests)
      @Value("${restaurant.embedded.port:0}") int port) {
    if ("memory".equalsIgnoreCase(mode)) {
      log.info("No MongoDB configured: using an embedded in-memory server; data is lost when the service stops."
          + " Set MONGODB_URI to use MongoDB.");
      return EmbeddedMongo.startInMemory(port);
    }
    if (!"durable".equalsIgnoreCase(mode)) {
      throw new IllegalArgumentException("restaurant.embedded.mode must be durable or memory, not " + mode);
    }
    Path file = dataDir.resolve("restaurant.mv").toAbsolutePath().normalize();
    EmbeddedMongo mongo = EmbeddedMongo.startDurable(file, port);
    log.info("No MongoDB configured: using the embedded server; data lives in {}."
        + " Set MONGODB_URI (e.g. mongodb://localhost:27017/restaurant) to use MongoDB instead.", file);
    return mongo;
  }

  @Bean
  MongoConnectionDetails embeddedMongoConnectionDetails(EmbeddedMongo embeddedMongo) {
    ConnectionString connectionString =
        new ConnectionString(embeddedMongo.connectionString() + "/" + RestaurantConfiguration.DEFAULT_DATABASE);
    return () -> connectionString;
  }
}
