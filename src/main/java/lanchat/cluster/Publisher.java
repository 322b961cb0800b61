package lanchat.cluster;

/**
 * Sends an event to every node, this one included.
 */
interface Publisher {

	/** Queues an event for every node; never blocks. */
	void publish(Event event);

}
