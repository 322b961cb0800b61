@NullMarked
package lanchat.security;

import org.jspecify.annotations.NullMarked;
