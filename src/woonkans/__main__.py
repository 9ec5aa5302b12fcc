from woonkans.cli import main

main()
