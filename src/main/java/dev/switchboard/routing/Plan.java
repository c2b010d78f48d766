package dev.switchboard.routing;

import java.util.List;

/**
 * The deployments one request may try, in order. {@code panic} marks the plan made when no deployment was
 * available: it holds the least bad one, tried once before answering 503. {@code considered} is every
 * deployment that could have served the request, for the 503 body.
 */
record Plan(List<Target> targets, boolean panic, List<Target> considered) {
  Plan {
    targets = List.copyOf(targets);
    considered = List.copyOf(considered);
  }
}
