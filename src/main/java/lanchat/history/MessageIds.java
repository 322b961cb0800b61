package lanchat.history;

/**
 * Gives message ids when several nodes write to one database: inside the transaction that
 * inserts a batch, so that writers on all nodes take ids in the order they commit (see
 * docs/scaling.md, "Order across nodes"). A single node has none: the database's identity
 * column gives the ids, in one writer's order.
 */
public interface MessageIds {

	/**
	 * Reserves {@code count} consecutive ids in the current transaction.
	 * @return the last of them; the first is {@code last - count + 1}
	 */
	long reserve(int count);

	/** The newest id given out by a committed transaction. */
	long newest();

}
