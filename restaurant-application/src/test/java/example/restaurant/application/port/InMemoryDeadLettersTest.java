package example.restaurant.application.port;

class InMemoryDeadLettersTest extends DeadLettersContract {

  @Override
  protected DeadLetters newDeadLetters() {
    return new InMemoryDeadLetters();
  }
}
