package dev.switchboard.admin;

import java.util.List;

/**
 * What a configuration reload did.
 *
 * @param status        {@code reloaded}, {@code unchanged} (the file says what runs already) or {@code rejected}
 *                      (the new file has problems; the running configuration stays)
 * @param restartNeeded sections that changed but apply only at the next start ({@code server}, {@code store},
 *                      {@code redis}, {@code ledger})
 * @param problems      the new file's problems with their key paths, when rejected
 */
public record ReloadOutcome(String status, List<String> restartNeeded, List<String> problems) {
  public ReloadOutcome {
    restartNeeded = List.copyOf(restartNeeded);
    problems = List.copyOf(problems);
  }
}
