from propsvc.cli import main

main()
