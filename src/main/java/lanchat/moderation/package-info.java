/**
 * The host's tools against a troublemaker: moderator rights claimed with a secret, kicks,
 * mutes, bans, slow mode and removing messages.
 */
@NullMarked
package lanchat.moderation;

import org.jspecify.annotations.NullMarked;
