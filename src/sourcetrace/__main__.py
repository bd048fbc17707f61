from sourcetrace.cli.app import main

main()
