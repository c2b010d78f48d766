package dev.switchboard.prompt;

import java.util.List;

/** A prompt definition or call that cannot be accepted; each problem names its field. */
public final class PromptException extends RuntimeException {
  /** One problem: the field (a key path such as {@code messages[1].content}) and what is wrong. */
  public record Problem(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final List<Problem> problems;

  public PromptException(List<Problem> problems) {
    super(String.join("; ", problems.stream().map(Problem::toString).toList()));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
