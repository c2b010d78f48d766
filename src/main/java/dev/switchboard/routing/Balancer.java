package dev.switchboard.routing;

import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.provider.CatalogModel;
import dev.switchboard.provider.Deployment;
import dev.switchboard.routing.health.HealthRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders a group's deployments for one request: the first is tried first, the rest are the failover
 * order. Strategies read the health registry (in-flight counts, latency) but never write it.
 */
public interface Balancer {

  List<Target> order(List<Target> targets, HealthRegistry health);

  /** Creates the balancer for a configured strategy name. */
  static Balancer forStrategy(String strategy) {
    return switch (strategy) {
      case "round_robin" -> new RoundRobin();
      case "weighted" -> new Weighted();
      case "least_busy" -> new LeastBusy();
      case "lowest_latency" -> new LowestLatency();
      case "lowest_cost" -> new LowestCost();
      default -> throw new IllegalArgumentException("unknown strategy " + strategy);
    };
  }

  /** Picks by weight; the failover order is a weighted draw without replacement. Weight 0 comes last. */
  final class Weighted implements Balancer {
    @Override
    public List<Target> order(List<Target> targets, HealthRegistry health) {
      if (targets.size() == 1) {
        return targets;
      }
      List<Target> pool = new ArrayList<>(targets);
      List<Target> out = new ArrayList<>(targets.size());
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (!pool.isEmpty()) {
        long total = pool.stream().mapToLong(t -> t.deployment().weight()).sum();
        if (total == 0) {
          out.addAll(pool);
          break;
        }
        long pick = random.nextLong(total);
        for (int i = 0; i < pool.size(); i++) {
          pick -= pool.get(i).deployment().weight();
          if (pick < 0) {
            out.add(pool.remove(i));
            break;
          }
        }
      }
      return out;
    }
  }

  /** Rotates the starting deployment on every request; failover continues in configuration order. */
  final class RoundRobin implements Balancer {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public List<Target> order(List<Target> targets, HealthRegistry health) {
      int start = Math.floorMod(next.getAndIncrement(), targets.size());
      List<Target> out = new ArrayList<>(targets.size());
      for (int i = 0; i < targets.size(); i++) {
        out.add(targets.get((start + i) % targets.size()));
      }
      return out;
    }
  }

  /**
   * Fewest requests in flight, by the power of two choices: of two deployments drawn at random the less
   * busy goes first (so no herd piles onto one momentarily idle deployment); the rest follow, least busy first.
   */
  final class LeastBusy implements Balancer {
    @Override
    public List<Target> order(List<Target> targets, HealthRegistry health) {
      if (targets.size() == 1) {
        return targets;
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int a = random.nextInt(targets.size());
      int b = (a + 1 + random.nextInt(targets.size() - 1)) % targets.size();
      Target first = inFlight(targets.get(a), health) <= inFlight(targets.get(b), health) ? targets.get(a) : targets.get(b);
      List<Target> rest = new ArrayList<>(targets);
      rest.remove(first);
      rest.sort(Comparator.comparingInt(t -> inFlight(t, health)));
      rest.add(0, first);
      return rest;
    }

    private static int inFlight(Target t, HealthRegistry health) {
      return health.of(t.deployment().id()).inFlight();
    }
  }

  /**
   * Lowest latency by exponentially weighted moving average of successful attempts; deployments with no
   * measurement yet go first, so every deployment gets measured.
   */
  final class LowestLatency implements Balancer {
    @Override
    public List<Target> order(List<Target> targets, HealthRegistry health) {
      List<Target> out = new ArrayList<>(targets);
      out.sort(Comparator.comparingDouble(t -> health.of(t.deployment().id()).latencyEwmaMs()));
      return out;
    }
  }

  /**
   * Cheapest first by list price (input + output per million tokens; a deployment's price override wins
   * over the catalog); deployments with no known price go last. Ties keep configuration order.
   */
  final class LowestCost implements Balancer {
    @Override
    public List<Target> order(List<Target> targets, HealthRegistry health) {
      List<Target> out = new ArrayList<>(targets);
      out.sort(Comparator.comparing(t -> price(t.deployment()), Comparator.nullsLast(Comparator.naturalOrder())));
      return out;
    }

    static BigDecimal price(Deployment d) {
      DeploymentConfig.Price override = d.price();
      CatalogModel catalog = d.catalog();
      BigDecimal in = override != null && override.inputPerMtok() != null ? override.inputPerMtok()
          : catalog == null ? null : catalog.inputPerMtok();
      BigDecimal out = override != null && override.outputPerMtok() != null ? override.outputPerMtok()
          : catalog == null ? null : catalog.outputPerMtok();
      return in == null || out == null ? null : in.add(out);
    }
  }
}
