/**
 * Cluster mode ({@code lanchat.cluster.enabled=true}): several nodes serve one room as if
 * they were one server, talking only through RabbitMQ (one fanout exchange, one queue per
 * node) and one shared PostgreSQL. Nothing in here exists on a single node. The design is
 * in docs/scaling.md.
 */
@NullMarked
package lanchat.cluster;

import org.jspecify.annotations.NullMarked;
