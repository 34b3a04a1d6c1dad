package example.restaurant.api.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import example.restaurant.api.idempotency.IdempotencyFilter;
import example.restaurant.application.port.EventStore;
import example.restaurant.application.port.IdempotencyStore;
import example.restaurant.application.table.ReservationQueries;
import example.restaurant.application.table.TableCommandHandler;
import example.restaurant.mongo.eventstore.MongoEventStore;
import example.restaurant.mongo.eventstore.Upcaster;
import example.restaurant.mongo.idempotency.MongoIdempotencyStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import example.restaurant.mongo.log.MongoSequencer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** The wiring of ports to adapters and of the handlers, written out by hand: the inner layers know no Spring. */
@Configuration(proxyBeanMethods = false)
class RestaurantConfiguration {

  static final String DEFAULT_DATABASE = "restaurant";

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The database in spring.mongodb.database, else the one in the connection string, else "restaurant". */
  @Bean
  MongoDatabase restaurantDatabase(MongoClient client, MongoConnectionDetails connection, Environment environment) {
    String name = environment.getProperty("spring.mongodb.database");
    if (name == null || name.isBlank()) {
      name = connection.getConnectionString().getDatabase();
    }
    return client.getDatabase(name == null || name.isBlank() ? DEFAULT_DATABASE : name);
  }

  @Bean
  EventStore eventStore(MongoDatabase restaurantDatabase, Clock clock) {
    return new MongoEventStore(restaurantDatabase, clock, Upcaster.NONE);
  }

  @Bean
  IdempotencyStore idempotencyStore(MongoDatabase restaurantDatabase, Clock clock) {
    return new MongoIdempotencyStore(restaurantDatabase, clock);
  }

  /** After each append the sequencer is woken, so a new event reaches the read models in milliseconds. */
  @Bean
  TableCommandHandler tableCommandHandler(EventStore eventStore, ObjectProvider<MongoSequencer> sequencer) {
    return new TableCommandHandler(eventStore, 20, () -> sequencer.ifAvailable(MongoSequencer::wake));
  }

  @Bean
  ReservationQueries reservationQueries(EventStore eventStore) {
    return new ReservationQueries(eventStore);
  }

  @Bean
  MeterBinder appendConflictsMetric(TableCommandHandler handler) {
    return registry -> FunctionCounter.builder("restaurant.append.conflicts", handler,
            TableCommandHandler::appendConflicts)
        .description("appends that lost a race to another writer of the same reservation")
        .register(registry);
  }

  // Fail fast when the database is away: a command answers 503 within seconds instead of hanging for 30.
  @Bean
  MongoClientSettingsBuilderCustomizer failFastMongoClient() {
    return settings -> settings
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
        .applyToSocketSettings(socket -> socket.connectTimeout(3, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS));
  }

  @Bean
  FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store, Clock clock,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
    FilterRegistrationBean<IdempotencyFilter> registration =
        new FilterRegistrationBean<>(new IdempotencyFilter(store, clock, errors));
    registration.addUrlPatterns("/api/*");
    return registration;
  }
}
