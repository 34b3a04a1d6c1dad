package example.restaurant.api.error;

import java.net.URI;

/** The problem codes of API.md, plus the plain HTTP ones (unknown path, wrong method or media type). */
enum ProblemTypes {
  VALIDATION_FAILED("validation-failed", "Validation failed"),
  RESERVATION_NOT_FOUND("reservation-not-found", "Reservation not found"),
  RESERVATION_CLOSED("reservation-closed", "Reservation closed"),
  ORDER_NOT_FOUND("order-not-found", "Order not found"),
  ORDER_ALREADY_SERVED("order-already-served", "Order already served"),
  ORDER_CANCELLED("order-cancelled", "Order cancelled"),
  ORDER_ID_CONFLICT("order-id-conflict", "Order id conflict"),
  TOO_MANY_DRINKS("too-many-drinks", "Too many drinks"),
  NOTHING_TO_PAY("nothing-to-pay", "Nothing to pay"),
  ORDERS_PENDING("orders-pending", "Orders pending"),
  ALREADY_PAID("already-paid", "Already paid"),
  INSUFFICIENT_PAYMENT("insufficient-payment", "Insufficient payment"),
  BILL_NOT_PAID("bill-not-paid", "Bill not paid"),
  VERSION_MISMATCH("version-mismatch", "Version mismatch"),
  IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key reused"),
  READ_MODEL_BEHIND("read-model-behind", "Read model behind"),
  SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable"),
  INTERNAL_ERROR("internal-error", "Internal error"),
  NOT_FOUND("not-found", "Not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
  PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large"),
  BAD_REQUEST("bad-request", "Bad request");

  static final String BASE = "https://restaurant.example/problems/";

  private final String code;
  private final String title;

  ProblemTypes(String code, String title) {
    this.code = code;
    this.title = title;
  }

  URI uri() {
    return URI.create(BASE + code);
  }

  String title() {
    return title;
  }
}
