package example.restaurant.api.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import example.restaurant.api.readside.ConsistencyGate;
import example.restaurant.application.port.DeadLetters;
import example.restaurant.application.port.EventLog;
import example.restaurant.application.port.EventStore;
import example.restaurant.application.port.ProjectorLeases;
import example.restaurant.application.projection.ViewStores;
import example.restaurant.application.projection.KitchenQueueProjection;
import example.restaurant.application.projection.ProjectionRuntime;
import example.restaurant.application.projection.Projector;
import example.restaurant.application.projection.ReadModelQueries;
import example.restaurant.application.projection.ReservedTablesProjection;
import example.restaurant.application.projection.SalesPerMinuteProjection;
import example.restaurant.application.projection.TopOrdersProjection;
import example.restaurant.mongo.log.MongoEventLog;
import example.restaurant.mongo.log.MongoSequencer;
import example.restaurant.mongo.readmodel.MongoDeadLetters;
import example.restaurant.mongo.readmodel.MongoProjectorLeases;
import example.restaurant.mongo.readmodel.MongoViewStores;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query side: the sequencer that turns commits into the global log (next to the commits, in the write
 * database), and the projectors, leases, read models and dead letters (in the read database, which is the same one
 * unless {@code restaurant.read-side.mongodb.uri} names another).
 */
@Configuration(proxyBeanMethods = false)
class ReadSideConfiguration {

  /** Who this instance is, in leases: host, process and a random part so a restart is a new owner. */
  @Bean
  String instanceId() {
    return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Bean(destroyMethod = "close")
  ReadDatabase readDatabase(
      MongoDatabase restaurantDatabase,
      @Value("${restaurant.read-side.mongodb.uri:}") String uri,
      @Value("${restaurant.read-side.mongodb.database:}") String database) {
    if (uri == null || uri.isBlank()) {
      return new ReadDatabase(restaurantDatabase, null);
    }
    MongoClient client = MongoClients.create(uri);
    String name = !database.isBlank() ? database : new com.mongodb.ConnectionString(uri).getDatabase();
    return new ReadDatabase(client.getDatabase(name == null ? RestaurantConfiguration.DEFAULT_DATABASE + "_read"
        : name), client);
  }

  /** The database of the read models, and the client to close if it is a separate one. */
  record ReadDatabase(MongoDatabase database, MongoClient ownClient) implements AutoCloseable {
    @Override
    public void close() {
      if (ownClient != null) {
        ownClient.close();
      }
    }
  }

  @Bean
  MongoEventLog eventLog(MongoDatabase restaurantDatabase) {
    return new MongoEventLog(restaurantDatabase);
  }

  @Bean
  ViewStores viewStores(ReadDatabase readDatabase, Clock clock) {
    return new MongoViewStores(readDatabase.database(), clock);
  }

  @Bean
  ProjectorLeases projectorLeases(ReadDatabase readDatabase) {
    return new MongoProjectorLeases(readDatabase.database());
  }

  @Bean
  DeadLetters deadLetters(ReadDatabase readDatabase) {
    return new MongoDeadLetters(readDatabase.database());
  }

  @Bean
  KitchenQueueProjection kitchenQueueProjection() {
    return new KitchenQueueProjection();
  }

  @Bean
  TopOrdersProjection topOrdersProjection() {
    return new TopOrdersProjection();
  }

  @Bean
  SalesPerMinuteProjection salesPerMinuteProjection() {
    return new SalesPerMinuteProjection();
  }

  @Bean
  ReservedTablesProjection reservedTablesProjection() {
    return new ReservedTablesProjection();
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  ProjectionRuntime projectionRuntime(
      KitchenQueueProjection kitchen,
      TopOrdersProjection top,
      SalesPerMinuteProjection sales,
      ReservedTablesProjection tables,
      EventLog eventLog,
      ProjectorLeases leases,
      DeadLetters deadLetters,
      ViewStores stores,
      Clock clock,
      @Qualifier("instanceId") String instanceId,
      @Value("${restaurant.projections.poll-interval:200ms}") Duration pollInterval) {
    return new ProjectionRuntime(List.of(kitchen, top, sales, tables), eventLog, leases, deadLetters, stores, clock,
        instanceId, Projector.Settings.defaults(), pollInterval);
  }

  /** The sequencer's lease lives with the log it guards, in the write database. */
  @Bean(initMethod = "start", destroyMethod = "close")
  MongoSequencer sequencer(
      MongoDatabase restaurantDatabase,
      MongoEventLog eventLog,
      EventStore eventStore,
      ProjectionRuntime runtime,
      Clock clock,
      @Qualifier("instanceId") String instanceId) {
    return new MongoSequencer(restaurantDatabase, eventLog, eventStore, new MongoProjectorLeases(restaurantDatabase),
        clock, instanceId, MongoSequencer.Settings.defaults(), runtime::wake);
  }

  @Bean
  ReadModelQueries readModelQueries(
      ViewStores stores,
      ProjectionRuntime runtime,
      KitchenQueueProjection kitchen,
      TopOrdersProjection top,
      SalesPerMinuteProjection sales,
      ReservedTablesProjection tables) {
    return new ReadModelQueries(stores, runtime, kitchen, top, sales, tables);
  }

  @Bean
  ConsistencyGate consistencyGate(EventLog eventLog, ProjectionRuntime runtime) {
    return new ConsistencyGate(eventLog, runtime);
  }

  @Bean
  MeterBinder projectionMetrics(ProjectionRuntime runtime) {
    return registry -> {
      for (ProjectionRuntime.Status status : runtime.statuses()) {
        String name = status.name();
        Gauge.builder("restaurant.projection.lag", runtime, r -> statusOf(r, name).lag())
            .description("log entries not yet applied to this read model")
            .tag("projection", name)
            .register(registry);
        Gauge.builder("restaurant.projection.parked", runtime, r -> statusOf(r, name).parked())
            .description("events this read model could not apply and parked")
            .tag("projection", name)
            .register(registry);
      }
    };
  }

  private static ProjectionRuntime.Status statusOf(ProjectionRuntime runtime, String name) {
    return runtime.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** DOWN when a projector keeps failing (e.g. its database is away); parked events show but do not stop service. */
  @Bean
  HealthIndicator projectionsHealthIndicator(ProjectionRuntime runtime) {
    return () -> {
      List<ProjectionRuntime.Status> statuses;
      try {
        statuses = runtime.statuses();
      } catch (RuntimeException e) {
        // A plain HealthIndicator's exception is not turned into DOWN: it would escape the health endpoint as a
        // 503 problem instead of the health document that monitors and load balancers read.
        return Health.down().withDetail("error", "cannot read the read models' progress: the database does not"
            + " answer").build();
      }
      Health.Builder health = statuses.stream().anyMatch(s -> s.state().equals("FAILING"))
          ? Health.down() : Health.up();
      for (ProjectionRuntime.Status s : statuses) {
        health.withDetail(s.name(), java.util.Map.of(
            "position", s.position(), "lag", s.lag(), "parked", s.parked(), "status", s.state()));
      }
      return health.build();
    };
  }
}
