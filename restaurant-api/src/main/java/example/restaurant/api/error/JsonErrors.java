package example.restaurant.api.error;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Explains an unreadable request body in the client's terms: which field, and what it must be. Never passes on
 * Jackson's own message, which names Java classes.
 */
final class JsonErrors {

  record Explanation(String field, String message) {}

  private JsonErrors() {}

  static Explanation explain(Throwable failure) {
    JacksonException jackson = find(failure);
    if (jackson == null) {
      return new Explanation(null, "the request body is missing or is not valid JSON");
    }
    String field = field(jackson);
    if (jackson instanceof InputCoercionException) {
      return new Explanation(field, "is out of range");
    }
    if (jackson instanceof MismatchedInputException mismatch && field != null) {
      return new Explanation(field, expected(mismatch.getTargetType()));
    }
    if (jackson instanceof StreamReadException || field == null) {
      return new Explanation(null, "malformed JSON");
    }
    return new Explanation(field, "has an invalid value");
  }

  private static JacksonException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof JacksonException jackson) {
        return jackson;
      }
    }
    return null;
  }

  private static String field(JacksonException e) {
    if (e.getPath() == null || e.getPath().isEmpty()) {
      return null;
    }
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? null : path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "has an invalid value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == BigInteger.class) {
      return "must be a whole number";
    }
    if (type == BigDecimal.class || type == Double.class || type == double.class) {
      return "must be a number";
    }
    if (type == String.class) {
      return "must be a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    if (type == UUID.class) {
      return "must be a UUID";
    }
    if (type.isEnum()) {
      return "must be one of "
          + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "must be an ISO-8601 date-time with an offset, e.g. 2025-05-26T19:00:00+02:00";
    }
    return "has an invalid value";
  }
}
