/* The idle child: sleeps until killed, never wakes its init. */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}
