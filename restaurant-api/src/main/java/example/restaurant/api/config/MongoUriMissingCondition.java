package example.restaurant.api.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when no MongoDB is configured: neither spring.mongodb.uri nor MONGODB_URI holds a non-blank value. */
class MongoUriMissingCondition implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return isBlank(context.getEnvironment().getProperty("spring.mongodb.uri"))
        && isBlank(context.getEnvironment().getProperty("MONGODB_URI"));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
