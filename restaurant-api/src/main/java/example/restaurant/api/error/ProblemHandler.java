package example.restaurant.api.error;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import example.restaurant.api.idempotency.IdempotencyKeyReusedException;
import example.restaurant.application.table.ContentionException;
import example.restaurant.application.table.VersionMismatchException;
import example.restaurant.domain.table.InvalidValueException;
import example.restaurant.domain.table.TableRuleViolation;
import example.restaurant.domain.table.TableRuleViolation.AlreadyPaid;
import example.restaurant.domain.table.TableRuleViolation.BillNotPaid;
import example.restaurant.domain.table.TableRuleViolation.InsufficientPayment;
import example.restaurant.domain.table.TableRuleViolation.NothingToPay;
import example.restaurant.domain.table.TableRuleViolation.OrderAlreadyServed;
import example.restaurant.domain.table.TableRuleViolation.OrderCancelled;
import example.restaurant.domain.table.TableRuleViolation.OrderIdConflict;
import example.restaurant.domain.table.TableRuleViolation.OrderNotFound;
import example.restaurant.domain.table.TableRuleViolation.OrdersPending;
import example.restaurant.domain.table.TableRuleViolation.ReservationClosed;
import example.restaurant.domain.table.TableRuleViolation.ReservationNotFound;
import example.restaurant.domain.table.TableRuleViolation.TooManyDrinks;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as application/problem+json with a type of API.md. The detail is always written here, from what
 * the client sent and the rule it broke: no exception message of a library reaches a client.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  static final String RETRY_AFTER_CONTENTION = "1";
  static final String RETRY_AFTER_DATABASE = "5";

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(TableRuleViolation.class)
  ResponseEntity<Object> ruleViolation(TableRuleViolation violation, NativeWebRequest request) {
    ProblemTypes type = switch (violation) {
      case ReservationNotFound e -> ProblemTypes.RESERVATION_NOT_FOUND;
      case ReservationClosed e -> ProblemTypes.RESERVATION_CLOSED;
      case OrderNotFound e -> ProblemTypes.ORDER_NOT_FOUND;
      case OrderAlreadyServed e -> ProblemTypes.ORDER_ALREADY_SERVED;
      case OrderCancelled e -> ProblemTypes.ORDER_CANCELLED;
      case OrderIdConflict e -> ProblemTypes.ORDER_ID_CONFLICT;
      case TooManyDrinks e -> ProblemTypes.TOO_MANY_DRINKS;
      case NothingToPay e -> ProblemTypes.NOTHING_TO_PAY;
      case OrdersPending e -> ProblemTypes.ORDERS_PENDING;
      case AlreadyPaid e -> ProblemTypes.ALREADY_PAID;
      case InsufficientPayment e -> ProblemTypes.INSUFFICIENT_PAYMENT;
      case BillNotPaid e -> ProblemTypes.BILL_NOT_PAID;
    };
    HttpStatus status = switch (violation) {
      case ReservationNotFound e -> HttpStatus.NOT_FOUND;
      case OrderNotFound e -> HttpStatus.NOT_FOUND;
      case ReservationClosed e -> HttpStatus.CONFLICT;
      case OrderAlreadyServed e -> HttpStatus.CONFLICT;
      case OrderCancelled e -> HttpStatus.CONFLICT;
      case OrderIdConflict e -> HttpStatus.CONFLICT;
      case OrdersPending e -> HttpStatus.CONFLICT;
      case AlreadyPaid e -> HttpStatus.CONFLICT;
      case BillNotPaid e -> HttpStatus.CONFLICT;
      case TooManyDrinks e -> HttpStatus.UNPROCESSABLE_CONTENT;
      case NothingToPay e -> HttpStatus.UNPROCESSABLE_CONTENT;
      case InsufficientPayment e -> HttpStatus.UNPROCESSABLE_CONTENT;
    };
    // the domain writes its rule messages for people: they name the rule and the figures, never a class
    return respond(problem(status, type, violation.getMessage(), request), new HttpHeaders());
  }

  @ExceptionHandler(VersionMismatchException.class)
  ResponseEntity<Object> versionMismatch(VersionMismatchException e, NativeWebRequest request) {
    ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, ProblemTypes.VERSION_MISMATCH,
        "the reservation is at version " + e.actual() + ", not " + e.expected() + "; nothing was written", request);
    problem.setProperty("currentVersion", e.actual());
    HttpHeaders headers = new HttpHeaders();
    headers.setETag("\"" + e.actual() + "\"");
    return respond(problem, headers);
  }

  @ExceptionHandler(InvalidValueException.class)
  ResponseEntity<Object> invalidValue(InvalidValueException e, NativeWebRequest request) {
    return respond(validation(List.of(new FieldMessage(e.field(), e.reason())), request), new HttpHeaders());
  }

  @ExceptionHandler(IdempotencyKeyReusedException.class)
  ResponseEntity<Object> idempotencyKeyReused(IdempotencyKeyReusedException e, NativeWebRequest request) {
    return respond(
        problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.IDEMPOTENCY_KEY_REUSED, e.getMessage(), request),
        new HttpHeaders());
  }

  @ExceptionHandler(ReadModelBehindException.class)
  ResponseEntity<Object> readModelBehind(ReadModelBehindException e, NativeWebRequest request) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_CONTENTION);
    return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.READ_MODEL_BEHIND,
        "the " + e.readModel() + " read model does not reflect that command yet; try again shortly", request), headers);
  }

  @ExceptionHandler(UnknownProjectionException.class)
  ResponseEntity<Object> unknownProjection(UnknownProjectionException e, NativeWebRequest request) {
    return respond(problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage(), request), new HttpHeaders());
  }

  @ExceptionHandler(ContentionException.class)
  ResponseEntity<Object> contention(ContentionException e, NativeWebRequest request) {
    log.warn("command gave up under contention: {}", e.getMessage());
    return unavailable("too many concurrent changes to this reservation; nothing was written, try again",
        RETRY_AFTER_CONTENTION, request);
  }

  @ExceptionHandler({
    MongoTimeoutException.class,
    MongoSocketException.class,
    MongoServerUnavailableException.class,
    MongoConnectionPoolClearedException.class,
    MongoNotPrimaryException.class,
    MongoNodeIsRecoveringException.class,
    MongoExecutionTimeoutException.class,
    DataAccessResourceFailureException.class
  })
  ResponseEntity<Object> databaseUnavailable(RuntimeException e, NativeWebRequest request) {
    log.warn("database unavailable: {}", e.toString());
    return unavailable("the database does not answer; try again shortly", RETRY_AFTER_DATABASE, request);
  }

  /**
   * Tomcat parses the query string when a controller first asks for a parameter, and rejects one it cannot parse (a
   * parameter without a name such as {@code ?=x}, bad %-escapes, too many parameters): the client's fault, a 400.
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Object> invalidParameters(InvalidParameterException e, NativeWebRequest request) {
    log.debug("unparseable request parameters: {}", e.getMessage());
    return respond(validation(List.of(), "the query string is malformed: every parameter needs a name, and"
        + " %-escapes must be valid UTF-8", request), new HttpHeaders());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, NativeWebRequest request) {
    return respond(internalError(e, request), new HttpHeaders());
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return handleExceptionInternal(ex, validation(fieldMessages(ex.getBindingResult()), request), headers, status,
        request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldMessage> errors = ex.getParameterValidationResults().stream()
        .flatMap(result -> result.getResolvableErrors().stream()
            .map(error -> new FieldMessage(
                result.getMethodParameter().getParameterName(), String.valueOf(error.getDefaultMessage()))))
        .toList();
    return handleExceptionInternal(ex, validation(errors, request), headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    JsonErrors.Explanation explanation = JsonErrors.explain(ex);
    ProblemDetail problem = explanation.field() == null
        ? validation(List.of(), explanation.message(), request)
        : validation(List.of(new FieldMessage(explanation.field(), explanation.message())), request);
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
    String message = switch (ex.getRequiredType()) {
      case Class<?> c when c == java.time.Instant.class -> "must be an ISO-8601 instant, e.g. 2025-05-26T18:15:00Z";
      case Class<?> c when c == Long.class || c == Integer.class -> "must be a whole number in range";
      case null, default -> "has an invalid value";
    };
    return handleExceptionInternal(ex, validation(List.of(new FieldMessage(field, message)), request), headers,
        HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    ProblemDetail problem = body instanceof ProblemDetail ours && ours.getType().toString().startsWith(
        ProblemTypes.BASE) ? ours : translate(ex, statusCode, request);
    return super.handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
  }

  // Spring's own exceptions (unknown path, wrong method, media types, missing parameters), in our words.
  private ProblemDetail translate(Exception ex, HttpStatusCode status, WebRequest request) {
    return switch (ex) {
      case HttpRequestMethodNotSupportedException e -> problem(HttpStatus.METHOD_NOT_ALLOWED,
          ProblemTypes.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not allowed on this resource", request);
      case HttpMediaTypeNotSupportedException e -> problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          ProblemTypes.UNSUPPORTED_MEDIA_TYPE, "the request body must be application/json", request);
      case HttpMediaTypeNotAcceptableException e -> problem(HttpStatus.NOT_ACCEPTABLE, ProblemTypes.NOT_ACCEPTABLE,
          "this resource answers with application/json only", request);
      case MissingServletRequestParameterException e ->
          validation(List.of(new FieldMessage(e.getParameterName(), "is required")), request);
      case MissingRequestHeaderException e ->
          validation(List.of(new FieldMessage(e.getHeaderName(), "is required")), request);
      default -> switch (status.value()) {
        case 400 -> validation(List.of(), "the request is invalid", request);
        case 404 -> problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "there is nothing at this path", request);
        case 413 -> problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "the request is too large",
            request);
        case 503 -> problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
            "the service is busy; try again shortly", request);
        default -> status.is4xxClientError()
            ? problem(HttpStatus.valueOf(status.value()), ProblemTypes.BAD_REQUEST, "the request cannot be served",
                request)
            : internalError(ex, request);
      };
    };
  }

  private ResponseEntity<Object> unavailable(String detail, String retryAfter, NativeWebRequest request) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
    ProblemDetail problem =
        problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE, detail, request);
    problem.setInstance(URI.create("urn:uuid:" + UUID.randomUUID()));
    return respond(problem, headers);
  }

  private ProblemDetail internalError(Exception e, WebRequest request) {
    URI instance = URI.create("urn:uuid:" + UUID.randomUUID());
    log.error("internal error {} on {}", instance, describe(request), e);
    ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
        "an unexpected error occurred; quote " + instance + " when reporting it", request);
    problem.setInstance(instance);
    return problem;
  }

  private static ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers) {
    return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
  }

  private static ProblemDetail validation(List<FieldMessage> errors, WebRequest request) {
    String detail = errors.isEmpty()
        ? "the request is invalid"
        : String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
    return validation(errors, detail, request);
  }

  private static ProblemDetail validation(List<FieldMessage> errors, String detail, WebRequest request) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, detail, request);
    problem.setProperty("errors", errors.stream()
        .sorted(Comparator.comparing(FieldMessage::field).thenComparing(FieldMessage::message))
        .map(e -> {
          Map<String, String> error = new LinkedHashMap<>();
          error.put("field", e.field());
          error.put("message", e.message());
          return error;
        })
        .toList());
    return problem;
  }

  private static ProblemDetail problem(HttpStatus status, ProblemTypes type, String detail, WebRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    String path = path(request);
    if (path != null) {
      problem.setInstance(URI.create(path));
    }
    return problem;
  }

  private static List<FieldMessage> fieldMessages(BindingResult result) {
    List<FieldMessage> errors = new ArrayList<>();
    for (FieldError error : result.getFieldErrors()) {
      errors.add(new FieldMessage(error.getField(), String.valueOf(error.getDefaultMessage())));
    }
    result.getGlobalErrors().forEach(error ->
        errors.add(new FieldMessage(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
    return errors;
  }

  private static String path(WebRequest request) {
    if (request instanceof NativeWebRequest nativeRequest) {
      HttpServletRequest servlet = nativeRequest.getNativeRequest(HttpServletRequest.class);
      if (servlet != null) {
        try {
          // only the path: the query string is the client's data
          return URI.create(servlet.getRequestURI()).getRawPath();
        } catch (IllegalArgumentException notAUri) {
          return null;
        }
      }
    }
    return null;
  }

  private static String describe(WebRequest request) {
    if (request instanceof NativeWebRequest nativeRequest) {
      HttpServletRequest servlet = nativeRequest.getNativeRequest(HttpServletRequest.class);
      if (servlet != null) {
        return servlet.getMethod() + " " + servlet.getRequestURI();
      }
    }
    return request.getDescription(false);
  }

  private record FieldMessage(String field, String message) {}
}
