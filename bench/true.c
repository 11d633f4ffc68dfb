/* A static "true": the command every start-up run executes. */
int main(void)
{
	return 0;
}
